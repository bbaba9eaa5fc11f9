"""The matcher's figures on the held-out labelled pairs (tests/data/matching/pairs.csv, split
"test", never used to choose thresholds) must not regress; the naive baseline is measured beside
it so the comparison stays honest. No database."""

from __future__ import annotations

from pathlib import Path

import pytest

from wsr.registry.importing.evaluation import baseline_decide, evaluate, model_decider, pairs_load

PAIRS = Path(__file__).resolve().parents[1] / "data" / "matching" / "pairs.csv"


@pytest.fixture(scope="module")
def held_out():
    pairs = [p for p in pairs_load(PAIRS) if p.split == "test"]
    assert len(pairs) > 400
    return pairs


def test_the_matcher_meets_the_goal_on_held_out_pairs(held_out):
    figures = evaluate(held_out, model_decider())

    assert figures.recall >= 0.95
    assert figures.auto_different == 0
    assert figures.review_share <= 0.20


def test_the_matcher_beats_the_naive_baseline_on_false_merges_and_review(held_out):
    ours = evaluate(held_out, model_decider())
    baseline = evaluate(held_out, baseline_decide)

    assert baseline.auto_different > ours.auto_different
    assert baseline.review_share > 3 * ours.review_share


def test_real_cross_list_pairs_are_found(held_out):
    real = [p for p in held_out if p.kind.startswith("real")]
    figures = evaluate(real, model_decider())

    assert figures.same >= 10
    assert figures.recall >= 0.90
    assert figures.auto_different == 0
