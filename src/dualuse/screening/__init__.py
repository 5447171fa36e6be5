"""Party screening: names of every script against list entries (matchers/, lexicon/, normalise/)."""

from dualuse.screening.compiled import use_sources_if_stale

use_sources_if_stale()  # before any module of the compiled group is imported: it must match its source
