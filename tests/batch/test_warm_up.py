"""The Dask engine's warm-up: the first chunk's distinct parties are screened once across the
workers, and a worker that learns the results decides exactly as one that screened them itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dualuse.batch.contract import COLUMNS
from dualuse.batch.decide import Params, SharedEngine, decide_chunk, warm_up, warm_up_shards
from dualuse.batch.readers import open_reader
from dualuse.engine.engine import KnownLookups

NAME, COUNTRY = COLUMNS.index("end_user_name"), COLUMNS.index("end_user_country")


class CountingMatcher:
    """The real matcher, counting the names it is asked to screen."""

    NAME = "counting"

    def __init__(self, matcher):
        self.matcher = matcher
        self.calls = 0

    def match(self, name, country=None, top=5):
        self.calls += 1
        return self.matcher.match(name, country, top)


def test_workers_that_learn_decide_as_if_they_had_screened(tmp_path: Path, generator, shared) -> None:
    rows = generator.write(tmp_path / "rows.csv", 600, seed=5, bad_share=0.0)
    first = next(open_reader(rows).chunks(600)).parsed()
    shards = warm_up_shards(first, 3)
    parties = [{(r[NAME], r[COUNTRY]) for r in party_rows} for party_rows, _ in shards]
    assert not parties[0] & parties[1] and not parties[1] & parties[2]  # each party goes to one worker
    assert set().union(*parties) == {(r[NAME], r[COUNTRY]) for r in first.rows if r[NAME] is not None}

    known = KnownLookups()
    for party_rows, item_rows in shards:
        known.update(warm_up(SharedEngine(shared.regime, shared.matcher), party_rows, item_rows).known)
    params = Params(None, date(2026, 11, 23), "csv")
    learner = SharedEngine(shared.regime, CountingMatcher(shared.matcher))
    learned = decide_chunk(learner, first, params, known)
    screened = decide_chunk(SharedEngine(shared.regime, shared.matcher), first, params)
    assert learner.matcher.calls == 0
    assert (learned.output_part, learned.rejects_part) == (screened.output_part, screened.rejects_part)
