"""The ledger endpoints against a published copy of the synthetic population, signed in for real."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.utils import V1, login


def _all_pages(client: TestClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    items, cursor = [], None
    while True:
        page = client.get(
            f"{V1}/transactions",
            params={**params, "limit": 37, "cursor": cursor} if cursor else {**params, "limit": 37},
            headers=headers,
        )
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items


def _direct(client: TestClient, sql: str, **params: Any) -> list[dict[str, Any]]:
    marts = client.app.state.marts  # type: ignore[attr-defined]
    rows: list[dict[str, Any]] = marts.rows(sql, params)
    return rows


def test_pages_cover_the_ledger_once_in_order(population_client: TestClient) -> None:
    headers = login(population_client, "+91 90000 00001")["headers"]
    items = _all_pages(population_client, headers, **{"from": "2025-07-01", "to": "2025-09-30"})
    expected = _direct(
        population_client,
        "select transaction_id from marts.fct_ledger where person_ref = :p"
        " and business_date between '2025-07-01' and '2025-09-30'",
        p="P000001",
    )
    ids = [item["transaction_id"] for item in items]
    assert len(ids) == len(set(ids)) == len(expected) > 37
    assert set(ids) == {row["transaction_id"] for row in expected}
    keys = [
        (i["occurred_at"] or i["business_date"] + "T18:29:00Z", i["transaction_id"]) for i in items
    ]
    assert keys == sorted(keys, reverse=True)  # occurred_at desc, then id desc
    first = items[0]
    assert isinstance(first["amount_paise"], int) and first["amount_display"].startswith("₹")


def test_filters_match_sql(population_client: TestClient) -> None:
    headers = login(population_client, "+91 90000 00002")["headers"]
    items = _all_pages(
        population_client,
        headers,
        category="food_dining",
        direction="debit",
        min_amount_paise=10000,
    )
    expected = _direct(
        population_client,
        "select transaction_id from marts.fct_ledger where person_ref = 'P000002'"
        " and category = 'food_dining' and direction = 'debit' and amount_paise >= 10000",
    )
    assert {i["transaction_id"] for i in items} == {r["transaction_id"] for r in expected}
    assert items and all(i["category_group"] == "food_dining" for i in items)
    swiggy = _all_pages(population_client, headers, q="SWIGGY")
    assert all(
        "swiggy"
        in " ".join(str(i[k]).lower() for k in ("counterparty", "merchant_name", "narration"))
        for i in swiggy
    )


def test_bad_cursor_and_filters_are_problems(population_client: TestClient) -> None:
    headers = login(population_client, "+91 90000 00001")["headers"]
    page = population_client.get(f"{V1}/transactions", params={"limit": 5}, headers=headers).json()
    cursor = page["next_cursor"]
    tampered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    for params in (
        {"cursor": tampered},
        {"cursor": cursor, "direction": "credit"},
        {"cursor": "x.y"},
    ):
        answer = population_client.get(f"{V1}/transactions", params=params, headers=headers)
        assert answer.status_code == 400
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["type"].endswith("invalid-cursor")
    other = login(population_client, "+91 90000 00002")["headers"]
    replayed = population_client.get(
        f"{V1}/transactions", params={"limit": 5, "cursor": cursor}, headers=other
    )
    assert replayed.status_code == 400
    wrong = population_client.get(
        f"{V1}/transactions", params={"from": "2025-09-01", "to": "2025-08-01"}, headers=headers
    )
    assert wrong.status_code == 400 and wrong.json()["type"].endswith("invalid-filter")


def test_detail_lineage_and_other_people(population_client: TestClient) -> None:
    row = _direct(
        population_client,
        "select person_ref, transaction_id from marts.fct_ledger where source_count = 3"
        " order by person_ref, transaction_id limit 1",
    )[0]
    headers = login(population_client, "+91 90000 " + row["person_ref"][-5:])["headers"]
    url = f"{V1}/transactions/{row['transaction_id']}"
    detail = population_client.get(url, headers=headers).json()
    assert {s["source"] for s in detail["sources"]} == {"statement", "sms", "aa"}
    assert all(
        s["file_hash"] and s["line_no"] > 0 and "/" not in s["file_name"] for s in detail["sources"]
    )
    someone_else = _direct(
        population_client,
        "select transaction_id from marts.fct_ledger where person_ref <> :p limit 1",
        p=row["person_ref"],
    )[0]
    for transaction_id in (someone_else["transaction_id"], "0" * 32):
        missing = population_client.get(f"{V1}/transactions/{transaction_id}", headers=headers)
        assert missing.status_code == 404 and missing.json()["detail"] == "no such transaction"


def test_correction_shows_at_once_and_teaches_the_payee(population_client: TestClient) -> None:
    headers = login(population_client, "+91 90000 00005")["headers"]
    payee = _direct(
        population_client,
        "select merchant_id, direction, list(transaction_id) as ids from marts.fct_ledger"
        " where person_ref = 'P000005' and merchant_id is not null and not is_transfer"
        " group by all having count(*) > 1 order by count(*) desc limit 1",
    )[0]
    target, *others = payee["ids"]
    answer = population_client.patch(
        f"{V1}/transactions/{target}", json={"category": "shopping:beauty"}, headers=headers
    )
    assert answer.status_code == 200 and answer.json()["category_source"] == "correction"
    again = population_client.get(f"{V1}/transactions/{others[0]}", headers=headers).json()
    assert again["category_id"] == "shopping:beauty"
    listed = _all_pages(population_client, headers, category="shopping:beauty")
    assert set(payee["ids"]) <= {i["transaction_id"] for i in listed}
    group = population_client.patch(
        f"{V1}/transactions/{target}", json={"category": "shopping"}, headers=headers
    )
    assert group.status_code == 422
    stranger = login(population_client, "+91 90000 00006")["headers"]
    assert (
        population_client.patch(
            f"{V1}/transactions/{target}", json={"category": "shopping:beauty"}, headers=stranger
        ).status_code
        == 404
    )
