"""Owner names: which spellings are one organisation, the name shown, and every merge listed."""

from __future__ import annotations

import pandas as pd
import pytest

from sufficiency.sources.ofsted_owners import (
    ALIAS,
    ALIASES,
    RULES,
    is_individual,
    merges,
    normalise,
    owner_key,
    rule_key,
)


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("Northridge Care  Group Ltd", "Northridge Care Group Ltd", "spacing"),
        ("CASC (BARROW) LIMITED", "CASC (Barrow) Limited", "case"),
        ("WITHERSLACK GROUP LIMITED", "Witherslack Group Ltd", "Ltd/Limited"),  # the first rule that makes them one
        ("Bright Futures Care Limited T/A Cornerstones", "Bright Futures Care Limited", "trading name"),
        ("Compass Children's Homes Ltd", "Compass Childrens Homes Ltd", "punctuation"),
        ("A&t Home Ltd", "A & T Home Ltd", "punctuation"),
        ("Willows(Devon)Ltd", "Willows (Devon) Ltd", "punctuation"),
        ("Witherslack Group Ltd", "Witherslack Group Limited", "Ltd/Limited"),
        ("Witherslack Group", "Witherslack Group Limited", "Ltd/Limited"),
        ("Priory Education Services Limited 06244880", "Priory Education Services Limited", "company or charity number"),
        ("Birtenshaw - company number 02978546", "Birtenshaw", "company or charity number"),
        ("The Together Trust", "Together Trust", "leading or trailing 'The'"),
        ("National Autistic Society (The)", "National Autistic Society", "leading or trailing 'The'"),
        ("Homes 2 Inspire Limited", "Homes2inspire Limited", "spaces between words"),
        ("Keys Child Care Limited", "Keys Childcare Ltd", "spaces between words"),
    ],
)
def test_each_rule_merges_its_kind_of_spelling(a, b, rule):
    assert owner_key(a) == owner_key(b)
    out = merges(pd.Series([a, b]), names={a: b, b: b})
    assert out[["spelling", "rule"]].values.tolist() == [[a, rule]]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Keys Care Limited", "Keys Child Care Limited"),  # two companies of one group
        ("Stepping Stones Care (Midlands) Limited", "Stepping Stones Care (Midlands 1) Limited"),
        ("Action For Children", "Action For Children Services Ltd"),  # the charity and its company
        ("Barnardo's", "Barnardos Services Limited"),
        ("Protea Care Ltd", "Protea Care 2 Limited"),
        ("Pathway Care Solutions Ltd", "Pathway Care Solutions II Ltd"),
        ("Priory New Education Services Limited", "Aspris New Education Services Limited"),  # a change of name
        ("Cumbria County Council", "Cumberland Council"),  # a split council
        ("Nugent Care", "Nugent Care 2019"),
    ],
)
def test_different_organisations_stay_apart(a, b):
    assert owner_key(a) != owner_key(b)
    assert merges(pd.Series([a, b])).empty


def test_the_alias_table_is_needed_consistent_and_reasoned():
    sources = [rule_key(a.spelling) for a in ALIASES]
    targets = {rule_key(a.owner) for a in ALIASES}
    assert len(sources) == len(set(sources)), "a spelling is listed twice"
    for a in ALIASES:
        assert rule_key(a.spelling) != rule_key(a.owner), f"the rules already merge {a.spelling!r}: drop the alias"
        assert rule_key(a.owner) not in sources, f"{a.owner!r} is itself aliased: point at the final name"
        assert a.reason.strip(), a.spelling
        assert owner_key(a.spelling) == owner_key(a.owner)
    assert not targets & set(sources)


def test_an_alias_merge_is_listed_with_its_reason():
    out = merges(pd.Series(["Five Rivers Chid Care Limited", "Five Rivers Child Care Limited"]),
                 names={"Five Rivers Chid Care Limited": "Five Rivers Child Care Limited",
                        "Five Rivers Child Care Limited": "Five Rivers Child Care Limited"})
    assert out.to_dict("records") == [{"owner": "Five Rivers Child Care Limited",
                                       "spelling": "Five Rivers Chid Care Limited", "rule": ALIAS,
                                       "reason": "typing error ('Chid'); the same 8 homes in other years"}]


def test_the_name_shown_is_the_latest_mixed_case_spelling_and_never_an_alias():
    spellings = pd.DataFrame({
        "year": [2018, 2018, 2024, 2025, 2025, 2025],
        "spelling": ["Witherslack Group Ltd", "Witherslack Group Ltd", "Witherslack Group", "WITHERSLACK GROUP LTD",
                     "Witherslack Group Limited", "WITHERSLACK GROUP LTD"],
    })
    names, merged = normalise(spellings)
    assert set(names.values()) == {"Witherslack Group Limited"}
    assert sorted(merged["spelling"]) == ["WITHERSLACK GROUP LTD", "Witherslack Group", "Witherslack Group Ltd"]
    assert dict(zip(merged["spelling"], merged["rule"])) == {
        "WITHERSLACK GROUP LTD": "Ltd/Limited", "Witherslack Group": "Ltd/Limited",
        "Witherslack Group Ltd": "Ltd/Limited"}
    names, _ = normalise(pd.DataFrame({"year": [2025, 2025, 2025], "spelling": [
        "Dorset County Council", "Dorset County Council", "Dorset Council"]}))
    assert set(names.values()) == {"Dorset Council"}


def test_spaces_are_collapsed_in_the_name_shown():
    names, merged = normalise(pd.DataFrame({"year": [2025], "spelling": ["Ar Curam  Limited "]}))
    assert names == {"Ar Curam  Limited ": "Ar Curam Limited"}
    assert merged.empty  # one spelling: nothing merged


def test_private_individuals_are_withheld():
    assert is_individual("Mr Jim Smith & Mrs Ann Smith") and is_individual("Owned by an individual")
    assert not is_individual("Mistral Homes Ltd") and not is_individual("Drive Care Ltd")
    names, merged = normalise(pd.DataFrame({"year": [2025, 2025], "spelling": ["Dr A Person", "Hexagon Care Services Ltd"]}))
    assert names == {"Dr A Person": None, "Hexagon Care Services Ltd": "Hexagon Care Services Ltd"}
    assert merged.empty


def test_rules_are_declared_in_the_order_they_apply():
    assert RULES[0] == "spacing" and RULES[-1] == "spaces between words"
    assert ALIAS not in RULES
