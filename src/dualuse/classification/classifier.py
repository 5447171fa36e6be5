"""classify(text, hs_code) -> Classification: the glue between reading, ranking and deciding.

1. Read: normalise the text (at most MAX_TEXT characters), find its concepts and parameters, parse
   the customs code and match it against the printed reference codes.
2. Rank: score every entry with the feature table (`ranking.FEATURES`), check the thresholds of the
   shortlist, add the parameter fit, sort.
3. Decide: one candidate clearly ahead (score and margin) is CONFIDENT when its thresholds are met
   or it prints none, NOT_LISTED when the description is below them, PARAMETERS_UNKNOWN when the
   deciding parameter is missing; otherwise AMBIGUOUS (several close) or UNKNOWN (none).
"""

from __future__ import annotations

from dualuse.classification import customs as customs_mod
from dualuse.classification.customs import CustomsLevel
from dualuse.classification.index import ClassifierIndex, index_for
from dualuse.classification.model import (
    Candidate,
    Classification,
    ClassificationStatus,
    CustomsEvidence,
    FeatureValue,
)
from dualuse.classification.parameters.extract import extract
from dualuse.classification.parameters.thresholds import ParameterStatus, check
from dualuse.classification.ranking import (
    CANDIDATE_FLOOR,
    CONFIDENT_MARGIN,
    CONFIDENT_SCORE,
    CONTROL_CODE_IN_TEXT,
    PARAMETER_WEIGHT,
    SHORTLIST,
    Query,
    Scored,
    parameter_fit,
    score,
)
from dualuse.classification.synonyms import concepts_of
from dualuse.classification.text import normalise, tokens
from dualuse.errors import InputError

_NEAR = {"code": "the code itself", "tariff_line": "same tariff line", "subheading": "same subheading", "heading": "same heading"}
MAX_TEXT = 2000  # characters of description read; the rest is ignored, with a warning
MAX_CANDIDATES = 5
MAX_QUESTIONS = 6


def classify(text: str, hs_code: str | None = None, regime=None) -> Classification:
    """The Control List entries an item may fall under, from its description and/or customs code.

    `text` in Chinese, Japanese or English (may be empty when `hs_code` is given); `hs_code` 4, 6,
    8 or 10 digits (separators allowed); `regime` defaults to the bundled regime. Raises
    InputError only for a malformed customs code or a text that is not a string.
    """
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise InputError(f"description must be text, not {type(text).__name__}", field="text")
    blank = hs_code is None or (isinstance(hs_code, str) and not hs_code.strip())
    declared = None if blank else customs_mod.parse_customs_code(hs_code)
    if regime is None:
        from dualuse.regime.loader import load_regime

        regime = load_regime()
    index = index_for(regime)
    query, warnings, customs_line = _read(text, declared, index)
    if not query.text and declared is None:
        return Classification(
            ClassificationStatus.UNKNOWN,
            "nothing to classify: the description is empty and no customs code was given",
            questions=("What is the item? Give a description (material, form, purity or size) or a customs code.",),
            warnings=tuple(warnings),
            data_version=index.data_version,
        )
    ranked = _rank(query, index)
    candidates = tuple(_candidate(s, check_, query, index, regime) for s, check_ in _with_ties(ranked, MAX_CANDIDATES))
    status, reason, questions = _decide(candidates, query, declared, index, regime)
    if declared is not None and not query.customs:
        warnings.append(f"customs code {declared} is not, and shares no heading with, any reference code in the regime data")
    if declared is not None and not query.customs and getattr(regime, "catalogue", None) is not None:
        from dualuse.regime.catalogue import like_lines

        near = regime.catalogue.customs_match(declared)
        if near is not None and near[0] == "chapter":  # only goods of the same kind count in a chapter
            near = ("same chapter, goods of the same kind", like_lines(declared, near[1])) if like_lines(declared, near[1]) else None
        if near is not None:
            level, codes = near
            named = ", ".join(c.code + (f" ({'/'.join(c.control_codes)})" if c.control_codes else "") for c in codes[:4])
            warnings.append(
                f"the 2026 licence catalogue (third-party extraction, T) names dual-use items near customs code {declared}"
                f" ({_NEAR.get(level, level)}): {named}{' …' if len(codes) > 4 else ''}; the bundled entries do not describe"
                " them, so 'no match' here is not 'not listed'"
            )
    warnings.extend(_reliability_warnings(candidates, status, regime))
    return Classification(
        status=status,
        reason=reason,
        candidates=candidates,
        questions=questions,
        text=query.text,
        hs_code=declared,
        customs_description=f"{customs_line.description_zh} / {customs_line.description_en}" if customs_line else "",
        concepts=query.concepts,
        measurements=tuple(m.describe() for m in query.measurements),
        warnings=tuple(warnings),
        data_version=index.data_version,
    )


def _read(text: str, declared: str | None, index: ClassifierIndex):
    warnings: list[str] = []
    raw = text.strip()
    if len(raw) > MAX_TEXT:
        warnings.append(f"description is {len(raw)} characters; only the first {MAX_TEXT} were read")
        raw = raw[:MAX_TEXT]
    normalised = normalise(raw)
    concepts, hits = concepts_of(normalised, index.table)
    customs_line = customs_mod.describe(declared) if declared else None
    matches = index.customs.match(declared) if declared else []
    printed = any(m.level in (CustomsLevel.EXACT, CustomsLevel.TARIFF_LINE) for m in matches)
    if customs_line and not printed and not any(c.startswith(("el:", "cmp:")) for c in concepts):
        # The description names no material and the code is not a printed reference: let the
        # customs line say what the goods are.
        line_concepts, _ = concepts_of(normalise(f"{customs_line.description_zh} {customs_line.description_en}"), index.table)
        for concept, terms in line_concepts.items():
            concepts.setdefault(concept, []).extend(f"{t} (customs line)" for t in terms)
    measurements = tuple(extract(normalised, index.element_names))
    residual = _blank(normalised, [(h.start, h.end) for h in hits] + [m.span for m in measurements])
    query = Query(
        text=normalised,
        concepts=concepts,
        tokens=frozenset(tokens(residual)),
        measurements=measurements,
        customs={m.entry_index: m for m in matches},
        mentioned_codes=tuple(CONTROL_CODE_IN_TEXT.findall(normalised)),
    )
    return query, warnings, customs_line


def _with_ties(ranked: list, limit: int, key=lambda pair: pair[0].score) -> list:
    """The first `limit` items, and any after them tied with the last one (a customs code printed
    for six entries shows all six)."""
    if len(ranked) <= limit:
        return ranked
    last = key(ranked[limit - 1])
    end = limit
    while end < len(ranked) and abs(key(ranked[end]) - last) < 1e-9:
        end += 1
    return ranked[:end]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans replaced by spaces (the words already read as concepts)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _rank(query: Query, index: ClassifierIndex):
    scored = sorted((score(query, doc, index) for doc in index.docs), key=lambda s: (-s.score, s.doc.index))
    shortlist = []
    concepts = set(query.concepts)
    for item in _with_ties(scored, SHORTLIST, key=lambda s: s.score):
        if item.score < CANDIDATE_FLOOR / 2:
            break
        parameters = check(item.doc.code, item.doc.thresholds, concepts, list(query.measurements))
        fit = parameter_fit(parameters)
        item.score += PARAMETER_WEIGHT * fit.value
        if fit.value:
            item.features.append(("parameter_fit", fit.value, PARAMETER_WEIGHT, fit.detail))
        shortlist.append((item, parameters))
    shortlist.sort(key=lambda pair: (-pair[0].score, pair[0].doc.index))
    return [pair for pair in shortlist if pair[0].score >= CANDIDATE_FLOOR]


def _candidate(scored: Scored, parameters, query: Query, index: ClassifierIndex, regime) -> Candidate:
    resolved = regime.entries[scored.doc.index]
    entry = resolved.entry
    evidence = None
    match = query.customs.get(scored.doc.index)
    if match is not None:
        instrument = regime.instruments.get(match.instrument)
        source = instrument.cite() if instrument else match.instrument
        evidence = CustomsEvidence(match.level.value, match.printed_code, match.instrument, source)
    return Candidate(
        code=entry.code,
        family=entry.family,
        instrument=resolved.instrument,
        provision=entry.provision,
        code_reliability=entry.code_reliability.value,
        description_en=" ".join(entry.description_en.split()),
        score=scored.score,
        features=tuple(FeatureValue(n, v, w, d) for n, v, w, d in scored.features),
        parameters=parameters,
        customs=evidence,
        entry_index=scored.doc.index,
    )


def _short(candidate: Candidate, limit: int = 90) -> str:
    text = candidate.description_en
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _without_flagged_code(candidate: Candidate, regime) -> float:
    """The candidate's score without the customs-code feature when the code it matched is flagged U
    (no tariff line): a U code alone never makes an answer confident."""
    if candidate.customs is None or not regime.customs_code_warning(candidate.customs.printed_code):
        return candidate.score
    return candidate.score - sum(f.value * f.weight for f in candidate.features if f.name == "customs_code")


def _reliability_warnings(candidates: tuple[Candidate, ...], status: ClassificationStatus, regime) -> list[str]:
    """The warnings of every T/U fact the answer relies on: the codes of the entries it proposes
    (the top one when confident) and flagged reference codes it matched."""
    relied = candidates[:1] if status is ClassificationStatus.CONFIDENT else candidates[:3]
    out: list[str] = []
    for candidate in relied:
        flagged = regime.customs_code_warning(candidate.customs.printed_code) if candidate.customs else ""
        if flagged:
            out.append(f"{candidate.code}: {flagged}; the match by customs code alone is not relied on")
        if candidate.code_reliability in ("T", "U"):
            out.append(
                f"{candidate.code}: control code unconfirmed ({candidate.code_reliability}): not printed in the"
                " captured announcement text; check it against the List before declaring it"
            )
    return list(dict.fromkeys(out))


def _decide(candidates: tuple[Candidate, ...], query: Query, declared: str | None, index: ClassifierIndex, regime=None):
    if not candidates:
        questions = ["What is the item: its material (element or compound) and form, or the equipment or technology it is?"]
        if declared and not query.customs:
            questions.append(f"Is customs code {declared} right? It is not near any reference code the announcements print.")
        reason = "no Control List entry matches" + (" the description" if query.text else "") + (
            f" or customs code {declared}" if declared else ""
        )
        return ClassificationStatus.UNKNOWN, reason, tuple(questions)
    top = candidates[0]
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    top_score = _without_flagged_code(top, regime) if regime is not None else top.score
    clear = top_score >= CONFIDENT_SCORE and top_score - runner_up >= CONFIDENT_MARGIN
    status = top.parameters.status
    if clear and status in (ParameterStatus.MEETS, ParameterStatus.NO_THRESHOLD):
        return ClassificationStatus.CONFIDENT, f"{top.code}: {top.parameters.reason}", ()
    if clear and status == ParameterStatus.DOES_NOT_MEET:
        return ClassificationStatus.NOT_LISTED, top.parameters.reason, tuple(_parameter_questions(candidates[1:3]))
    if clear:
        return ClassificationStatus.PARAMETERS_UNKNOWN, f"{top.code}: {top.parameters.reason}", tuple(_parameter_questions(candidates[:1]))[:MAX_QUESTIONS]
    close = [c for c in candidates if top.score - c.score < CONFIDENT_MARGIN] or [top]
    if len(close) == 1:
        close = list(candidates[:2])
    questions = []
    if len(close) > 1:
        options = "; ".join(f"{c.code} ({_short(c)})" for c in close[:4])
        questions.append(f"Which of these describes the item: {options}?")
    else:
        questions.append(f"Is it {top.code} ({_short(top)})? The description matches it only weakly.")
    questions.extend(_parameter_questions(close[:3]))
    reason = f"{len(close)} candidates are close: {', '.join(c.code for c in close[:4])}" if len(close) > 1 else f"the best match, {top.code}, is weak"
    return ClassificationStatus.AMBIGUOUS, reason, tuple(dict.fromkeys(questions))[:MAX_QUESTIONS]


def _parameter_questions(candidates) -> list[str]:
    questions: list[str] = []
    for candidate in candidates:
        for question in candidate.parameters.questions:
            if question not in questions:
                questions.append(question)
    return questions
