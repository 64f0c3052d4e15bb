"""ReBIT FI data in its normative XML form → the same nested structure the JSON form parses to.

``<Account>`` elements may stand alone (the decrypted ``encryptedFI`` of one account) or sit in an
envelope that mirrors the JSON bundle (``<FI fipID="..."><data linkRefNumber=".." ...>``); the
``fipID``, ``linkRefNumber`` and ``maskedAccNumber`` of the nearest enclosing element apply. A lone
Account takes its fipID from the file name (``<fipID>_<last4>.xml``). Attributes, and leaf
elements carrying only text, become keys; namespaces are dropped. All values stay text.

There is no defusedxml here, so the parser refuses any DOCTYPE or ENTITY declaration outright:
entity-expansion bombs and external entities never get a chance to expand.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pyexpat import ExpatError, ParserCreate
from typing import Any, NoReturn

_CONTEXT = ("fipID", "linkRefNumber", "maskedAccNumber")


class UnsafeXml(ValueError):
    """The document declares a DOCTYPE or entities, which FI data never needs."""


def read_xml_bundle(data: bytes, file_name: str) -> dict[str, Any] | str:
    """``{"FI": [{"fipID", "data": [{linkRefNumber, maskedAccNumber, Account}]}]}`` or a problem."""
    try:
        root = parse_safely(data)
    except UnsafeXml as error:
        return f"rejected XML: {error}"
    except ExpatError as error:
        return f"not valid XML: {error}"
    fallback = file_name.rpartition("_")[0] or None
    fis = []
    for context, account in _accounts(root, {}):
        fip_id = context.get("fipID") or fallback
        if not fip_id:
            return "AA XML names no fipID: wrap it in <FI fipID=...> or name it <fipID>_<last4>.xml"
        entry = {key: context.get(key) for key in _CONTEXT[1:]} | {"Account": as_dict(account)}
        fis.append({"fipID": fip_id, "data": [entry]})
    if not fis:
        return "not an AA FI document: no Account element"
    return {"FI": fis}


def parse_safely(data: bytes) -> ET.Element:
    """Parse with expat into an ElementTree, refusing DOCTYPE and ENTITY declarations."""
    builder = ET.TreeBuilder()
    parser = ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.StartElementHandler = lambda name, attrs: builder.start(
        _local(name), {_local(key): value for key, value in attrs.items()}
    )
    parser.EndElementHandler = lambda name: builder.end(_local(name))
    parser.CharacterDataHandler = builder.data
    parser.Parse(data, True)
    return builder.close()


def as_dict(element: ET.Element) -> dict[str, Any]:
    """Attributes, then child elements by name (a name seen twice becomes a list)."""
    value: dict[str, Any] = dict(element.attrib)
    for child in element:
        item: Any = as_dict(child)
        if not item and len(child) == 0 and (child.text or "").strip():
            item = (child.text or "").strip()
        if child.tag in value:
            previous = value[child.tag]
            value[child.tag] = [*previous, item] if isinstance(previous, list) else [previous, item]
        else:
            value[child.tag] = item
    return value


def _accounts(
    element: ET.Element, context: dict[str, str]
) -> Iterator[tuple[dict[str, str], ET.Element]]:
    if element.tag == "Account":
        yield context, element
        return
    inner = dict(context)
    for key in _CONTEXT:
        found = element.get(key) or _child_text(element, key)
        if found:
            inner[key] = found
    for child in element:
        yield from _accounts(child, inner)


def _child_text(element: ET.Element, tag: str) -> str | None:
    child = element.find(tag)
    return (child.text or "").strip() or None if child is not None and len(child) == 0 else None


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _refuse_doctype(*_: object) -> NoReturn:
    raise UnsafeXml("DOCTYPE declarations are not allowed (entity expansion)")


def _refuse_entity(*_: object) -> NoReturn:
    raise UnsafeXml("ENTITY declarations are not allowed (entity expansion)")
