"""Column roles and target checks of nnkit.prototype (issue 22), on tables built to show each case.

No training here: these are the fast checks.
"""

import numpy as np
import pandas as pd
import pytest

from nnkit.prototyping import TableError, infer_roles, infer_task, read_table
from nnkit.prototyping.roles import CATEGORY_LIMIT, column_plan, prepare_columns, top_values

N = 200


def analyst_table() -> pd.DataFrame:
    """A table as analysts get them: an exported row number, ids, a date-time, a constant, names..."""
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "Unnamed: 0": np.arange(1, N + 1),  # R's write.csv row names
            "PassengerId": rng.permutation(np.arange(1000, 1000 + N)),  # sequential, shuffled
            "flight_no": rng.choice(np.arange(100, 5000), N, replace=False),  # a code under an id's name
            "departure": pd.date_range("2013-01-01 05:00", periods=N, freq="7h").astype(str),
            "source": ["survey"] * N,  # constant
            "name": [f"Passenger {i} {chr(65 + i % 26)}" for i in range(N)],  # one per row
            "tailnum": [f"N{rng.integers(0, 400)}" for _ in range(N)],  # ~150 values: many-valued text
            "colour": rng.choice(["red", "green", "blue"], N),
            "fare": rng.gamma(2.0, 10.0, N),
            "age": rng.integers(1, 80, N),  # whole numbers, repeated: an amount
        }
    )


def roles_of(frame, **options) -> dict:
    return {role.name: role.role for role in infer_roles(frame, **options)}


def test_each_kind_of_column_gets_its_role_with_a_reason():
    roles = infer_roles(analyst_table())
    assert {r.name: r.role for r in roles} == {
        "Unnamed: 0": "identifier",
        "PassengerId": "identifier",
        "flight_no": "identifier",
        "departure": "datetime",
        "source": "constant",
        "name": "identifier",
        "tailnum": "text",
        "colour": "category",
        "fare": "number",
        "age": "number",
    }
    reasons = {r.name: r.reason for r in roles}
    assert "row number" in reasons["Unnamed: 0"] and "one per row" in reasons["PassengerId"]
    assert "nearly one per row" in reasons["name"] and "'survey'" in reasons["source"]
    assert "year" not in reasons["departure"] and "month, day, day of week, hour" in reasons["departure"]
    assert f"its {CATEGORY_LIMIT} most frequent" in reasons["tailnum"]
    assert [r.name for r in roles if not r.used] == [
        "Unnamed: 0",
        "PassengerId",
        "flight_no",
        "source",
        "name",
    ]


def test_an_empty_column_is_constant_and_dropped_not_an_error():
    frame = pd.DataFrame({"a": np.linspace(0, 1, 30), "empty": [None] * 30, "t": ["x", "y"] * 15})
    table = read_table(frame, target="t")
    (empty,) = [role for role in infer_roles(table.features) if role.name == "empty"]
    assert (empty.role, empty.used) == ("constant", False) and "(missing)" in empty.reason


def test_small_tables_and_plain_numbers_are_not_called_identifiers():
    frame = pd.DataFrame(
        {"size": np.linspace(0, 1, 50), "label": list("ab") * 25, "short": list(range(10)) * 5}
    )
    assert roles_of(frame) == {"size": "number", "label": "category", "short": "number"}
    few = pd.DataFrame({"name": [f"n{i}" for i in range(12)]})  # 12 rows say too little
    assert roles_of(few) == {"name": "category"}


def test_keep_drop_and_forced_roles_override_inference():
    frame = analyst_table()
    roles = roles_of(
        frame, keep=["PassengerId"], roles={"age": "category", "tailnum": "drop", "colour": "text"}
    )
    assert (roles["PassengerId"], roles["age"], roles["tailnum"], roles["colour"]) == (
        "number",
        "category",
        "dropped",
        "text",
    )
    with pytest.raises(TableError, match=r"keep \(--keep\) names columns .*\['nope'\].*Fix"):
        infer_roles(frame, keep=["nope"])
    with pytest.raises(TableError, match=r"unknown role in roles \(--role\) \{'age': 'amount'\}.*Fix"):
        infer_roles(frame, roles={"age": "amount"})
    with pytest.raises(TableError, match=r"'name' as a number, but it holds text such as 'Passenger 0 A'"):
        infer_roles(frame, roles={"name": "number"})
    with pytest.raises(TableError, match="'colour' as a date/time"):
        infer_roles(frame, roles={"colour": "datetime"})


def test_dates_become_numbers_and_forced_categories_become_text():
    frame = analyst_table()
    plan = column_plan(infer_roles(frame, roles={"age": "category"}))
    prepared = prepare_columns(frame, plan)
    assert "departure" not in prepared and "departure_hour" in prepared and "departure_year" not in prepared
    first = pd.Timestamp(frame.departure[1])
    assert prepared.loc[1, ["departure_month", "departure_day", "departure_hour"]].tolist() == [
        first.month,
        first.day,
        first.hour,
    ]
    assert prepared.age.map(type).eq(str).all()
    assert not {"Unnamed: 0", "PassengerId", "source", "name"} & set(prepared.columns)
    broken = frame.head(3).assign(departure=["2013-01-01 05:00", "not a date", None])
    assert prepare_columns(broken, plan).departure_hour.isna().tolist() == [False, True, True]


def test_many_valued_text_keeps_its_most_frequent_values_deterministically():
    values = ["a"] * 5 + ["b"] * 3 + ["c"] * 3 + ["d"]
    assert top_values(values, 2) == ["a", "b"] and top_values(values, None) == ["a", "b", "c", "d"]


# Targets.


def test_a_500_class_target_is_refused_for_too_many_classes():
    target = pd.DataFrame({"city": [f"city {i % 500}" for i in range(1500)]})  # 3 rows each
    with pytest.raises(
        TableError, match=r"500 classes in 1500 rows \(3.0 rows per class\): more classes than"
    ):
        infer_task(target)


def test_a_500_unique_value_text_target_is_refused_as_an_identifier():
    target = pd.DataFrame({"passenger": [f"Passenger {i}" for i in range(500)]})
    with pytest.raises(
        TableError, match=r"target 'passenger' looks like an identifier \(500 distinct values"
    ):
        infer_task(target)
    with pytest.raises(TableError, match="looks like an identifier"):
        infer_task(pd.DataFrame({"id": np.random.default_rng(0).permutation(500)}))  # a shuffled row number


def test_a_500_unique_value_numeric_target_is_an_amount():
    target = pd.DataFrame({"price": np.random.default_rng(0).gamma(2.0, 50.0, 500)})
    assert infer_task(target).task == "positive_regression"


def test_a_target_coded_1_to_7_is_read_as_classes_and_says_how_to_read_amounts():
    choice = infer_task(pd.DataFrame({"rating": [1, 2, 3, 4, 5, 6, 7] * 30}))
    assert choice.task == "multiclass"
    assert "read as classes" in choice.reason and "--task regression" in choice.reason


# Reading.


def test_a_broken_csv_line_keeps_the_parsers_line_and_field_counts(tmp_path):
    lines = ["a,b,c,d,e,t", *(f"{i},1,2,3,4,x" for i in range(99)), "1,2,3,4,5,6,7", "5,1,2,3,4,y"]
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(TableError) as error:
        read_table(path, target="t")
    message = str(error.value)
    assert "line 101 has 7 fields where the lines before it have 6" in message
    assert "Expected 6 fields in line 101, saw 7" in message and "Fix: correct line 101" in message
    assert "Save as" not in message


def test_a_one_row_table_is_told_it_has_one_row_not_about_its_target(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("a,b,t\n1,,x\n")
    with pytest.raises(TableError, match="the table has 1 usable row; at least 10 are needed"):
        read_table(path, target="t", min_rows=10)
