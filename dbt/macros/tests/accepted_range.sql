{#
    Generic test (dbt_utils-compatible signature; the hub is unreachable offline):
    fails on rows whose column lies outside [min_value, max_value] (bounds optional).
#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

{%- set below_min = 'false' if min_value is none
    else column_name ~ (' < ' if inclusive else ' <= ') ~ min_value %}
{%- set above_max = 'false' if max_value is none
    else column_name ~ (' > ' if inclusive else ' >= ') ~ max_value %}

select {{ column_name }} as value_checked
from {{ model }}
where {{ column_name }} is not null and ({{ below_min }} or {{ above_max }})

{% endtest %}
