"""The canonical JSON of hashes: the audit chain's bytes are RFC 8785's, so an outside verifier
can recompute the chain with any RFC 8785 implementation."""

from __future__ import annotations

import hashlib

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from projections.audit_log.chain import GENESIS, link
from service.domain.canonical import canonical_json

TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]))
LINK_CONTENT = st.fixed_dictionaries(
    {
        "position": st.integers(min_value=1, max_value=2**53 - 1),
        "originator_id": TEXT,
        "originator_version": st.integers(min_value=1, max_value=2**53 - 1),
        "topic": TEXT,
        "state": TEXT,
        "prev_hash": TEXT,
    }
)


@settings(max_examples=500)
@given(LINK_CONTENT)
def test_what_the_audit_chain_hashes_is_encoded_exactly_as_rfc_8785(
    content: dict[str, object],
) -> None:
    assert canonical_json(content) == rfc8785.dumps(content)


def test_a_chain_link_is_reproducible_with_rfc_8785() -> None:
    found = link(position=7, originator_id="pm-1", originator_version=2, topic="t:Created",
                 state='{"title":"Ünïcode \\"quoted\\""}'.encode(), prev_hash=GENESIS)  # fmt: skip
    content = {"position": 7, "originator_id": "pm-1", "originator_version": 2,
               "topic": "t:Created", "state": '{"title":"Ünïcode \\"quoted\\""}'}  # fmt: skip
    assert found.event_digest == hashlib.sha256(rfc8785.dumps(content)).hexdigest()
    chained = {**content, "prev_hash": GENESIS}
    assert found.hash == hashlib.sha256(rfc8785.dumps(chained)).hexdigest()
