"""The /api/v1 routes. Thin: validate, call the runtime's services, shape the answer.

Routes are `async`; the work that may block runs in the thread pool, so /health answers while
it runs: a decision (up to `limits.MAX_PARTIES` parties and `limits.MAX_ITEMS` items, each
screened and classified) and screening many names. Bodies are read with exact decimals
(`jsonbody.ExactJsonRoute`).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from dualuse import i18n
from dualuse.engine.decision import Decision
from dualuse.interfaces.api.auth import Principal, reader
from dualuse.interfaces.api.errors import ERROR_RESPONSES
from dualuse.interfaces.api.jsonbody import ExactJsonRoute
from dualuse.interfaces.api.runtime import Runtime, ScreenQuery, ScreenResult
from dualuse.interfaces.api.schemas import (
    TRANSACTION_EXAMPLES, DecisionInWords, HealthResponse, ItemFindingInWords, ReasonInWords, RegimeStatusResponse, ScreenRequest, ScreenResponse,
    TimelineResponse,
)
from dualuse.transaction import Transaction

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES, route_class=ExactJsonRoute)
Reader = Annotated[Principal | None, Depends(reader)]
Lang = StrEnum("Lang", {code: code for code in i18n.LANGUAGES})  # type: ignore[misc]  # members from the catalogues


async def runtime(request: Request) -> Runtime:
    return request.app.state.runtime


Rt = Annotated[Runtime, Depends(runtime)]


@router.post("/check", response_model=DecisionInWords, tags=["decisions"], summary="Decide a transaction")
async def check(
    request: Request,
    response: Response,
    rt: Rt,
    _: Reader,
    transaction: Annotated[Transaction, Body(openapi_examples=TRANSACTION_EXAMPLES)],
    as_of: Annotated[date | None, Query(description="Decide as of this date (YYYY-MM-DD); overrides the transaction's `date`.")] = None,
    lang: Annotated[Lang | None, Query(description="Add the human-readable texts in this language (`text` on each reason, "
                                                   "`outcome_text`, `effect_text`); else from Accept-Language when it asks for zh or ja.")] = None,
) -> DecisionInWords:
    """The transaction contract in, one decision out: `PROHIBITED`, `LICENCE_REQUIRED`, `REVIEW` or
    `NO_LICENCE_REQUIRED`, with every reason and its citation, what is missing, the parties' list
    matches and the data version. The same JSON as `dualuse check`."""
    decision = await run_in_threadpool(rt.check, transaction, as_of)  # off the event loop: /health still answers
    chosen = lang.value if lang else i18n.language(request.headers.get("accept-language"))
    if chosen:
        response.headers["Content-Language"] = chosen
    if chosen and chosen != i18n.DEFAULT_LANGUAGE or lang is not None:  # English stays the default: the texts only when asked
        return words(decision, chosen or i18n.DEFAULT_LANGUAGE)
    return DecisionInWords.model_validate(decision, from_attributes=True)


def words(decision: Decision, lang: str) -> DecisionInWords:
    """The decision with its human-readable texts in `lang`, beside the codes (which stay as they are)."""
    return DecisionInWords.model_validate(decision, from_attributes=True).model_copy(update={
        "lang": lang,
        "outcome_text": i18n.translate(lang, f"outcome.{decision.outcome.value}"),
        "reasons": tuple(
            ReasonInWords.model_validate(reason, from_attributes=True).model_copy(update={
                "text": i18n.reason_text({"message": reason.message, "params": reason.params, "detail": reason.detail}, lang),
                "effect_text": i18n.translate(lang, f"effect.{reason.effect.value}"),
            })
            for reason in decision.reasons
        ),
        "items": tuple(
            ItemFindingInWords.model_validate(item, from_attributes=True).model_copy(update={
                "status_text": i18n.translate(lang, f"item_status.{item.status.value}"),
            })
            for item in decision.items
        ),
    })


@router.post("/screen", response_model=ScreenResponse, tags=["screening"], summary="Screen names against the lists")
async def screen(rt: Rt, _: Reader, body: ScreenRequest) -> dict:
    """Each name (any script: 中文, 日本語, Latin) against every alias of every party on the bundled
    China lists and the recognised military users: ranked candidates, each with its score, band
    (`hit`, `review`, `clear`) and why."""
    queries = [ScreenQuery(n.name, n.country, n.id) for n in body.names]
    screener = await run_in_threadpool(rt.screener_named, body.matcher)  # an unknown name: 422 before any screening
    results = await run_in_threadpool(rt.screen, queries, body.top, body.matcher)  # up to 1000 names: off the event loop
    return {
        "data_version": rt.data_version,
        "matcher": getattr(screener, "NAME", type(screener).__name__),
        "results": [_screen_result(rt, r) for r in results],
    }


def _screen_result(rt: Runtime, result: ScreenResult) -> dict:
    candidates = []
    for rank, match in enumerate(result.candidates, start=1):
        entity = rt.entities.get(match.entity_id)
        candidates.append({
            "rank": rank, "entity_id": match.entity_id, "matched_name": match.matched_name, "matched_alias": match.matched_alias,
            "score": round(match.score, 4), "band": match.band.value,
            "list": entity.list if entity else "", "source": entity.source if entity else "",
            "names": [n.value for n in entity.names] if entity else [match.matched_name],
            "explanation": match.explanation,
        })
    query = {"name": result.query.name, "country": result.query.country, "id": result.query.id}
    return {"query": query, "band": result.band.value, "candidates": candidates}


@router.get("/regime/status", response_model=RegimeStatusResponse, tags=["regime"], summary="What is in force on a date")
async def regime_status(
    rt: Rt,
    _: Reader,
    as_of: Annotated[date | None, Query(description="The date (YYYY-MM-DD); default today.")] = None,
) -> dict:
    """Every country measure, Control List announcement and listing, and its state on the date
    (in force, suspended until…, not yet in force, expired), with its citation."""
    day = as_of or date.today()
    rows = rt.regime_status(day)
    age = rt.staleness(day)
    return {
        "as_of": day.isoformat(), "data_version": rt.data_version, "data_as_of": rt.regime.data_as_of.isoformat(),
        "warnings": [age] if age else [], "rows": [r.to_dict() for r in rows],
    }


@router.get("/regime/timeline", response_model=TimelineResponse, tags=["regime"], summary="Dated changes, past and to come")
async def regime_timeline(
    rt: Rt,
    _: Reader,
    today: Annotated[date | None, Query(description="Events after this date are `upcoming` (default today).")] = None,
    upcoming: Annotated[bool, Query(description="Only upcoming events.")] = False,
) -> dict:
    """Entries into force, suspensions and the dates measures apply again, oldest first."""
    day = today or date.today()
    events = [e for e in rt.regime_timeline(day) if e.upcoming or not upcoming]
    return {"today": day.isoformat(), "data_version": rt.data_version, "events": [e.to_dict() for e in events]}


@router.get("/health", response_model=HealthResponse, tags=["service"], summary="Liveness and data version")
async def health(rt: Rt, request: Request, _: Reader) -> dict:
    """`ok`, the package version and the regime data version decisions are made with."""
    return {
        "status": "ok", "version": rt.version, "data_version": rt.data_version,
        "auth_required": request.app.state.settings.require_auth,
    }
