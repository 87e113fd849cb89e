"""Review policy settings: parsed per severity, and a bad value names its variable."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.bootstrap import build_review_policy
from service.config import Settings
from service.domain import Severity


def test_the_default_settings_build_the_default_review_policy() -> None:
    policy = build_review_policy(Settings(_env_file=None))  # type: ignore[call-arg]
    assert policy.approvals_by_severity == {
        Severity.SEV1: 2, Severity.SEV2: 2, Severity.SEV3: 1, Severity.SEV4: 1,
    }  # fmt: skip
    assert policy.publication_sla(Severity.SEV2) == 10
    assert policy.publication_sla(Severity.SEV4) is None
    assert policy.block_on_blameless_warnings is False


def test_settings_change_approvals_slas_blocking_and_version() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        review_approvals="sev1=3, SEV2=2,SEV3=2,SEV4=1",
        publication_sla_days="SEV1=3,SEV2=none,SEV3=none,SEV4=none",
        block_on_blameless_warnings=True,
        review_policy_version="2027-01",
    )
    policy = build_review_policy(settings)
    assert policy.required_approvals(Severity.SEV1) == 3
    assert policy.required_approvals(Severity.SEV3) == 2
    assert policy.publication_sla(Severity.SEV1) == 3
    assert policy.publication_sla(Severity.SEV2) is None
    assert (policy.block_on_blameless_warnings, policy.version) == (True, "2027-01")


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("REVIEW_APPROVALS", "SEV1=2,SEV2=0,SEV3=1,SEV4=1", "SEV2: must be a whole number"),
        ("REVIEW_APPROVALS", "SEV1=2,SEV2=2,SEV3=1", "missing SEV4"),
        ("REVIEW_APPROVALS", "SEV1=2,SEV1=2,SEV3=1,SEV4=1", "SEV1 is given twice"),
        ("REVIEW_APPROVALS", "SEV1=two,SEV2=2,SEV3=1,SEV4=1", "'two' is not a whole number"),
        ("PUBLICATION_SLA_DAYS", "SEV1=5,SEV9=1", "expected SEVn=number"),
        ("PUBLICATION_SLA_DAYS", "SEV1=0,SEV2=1,SEV3=1,SEV4=none", "at least 1 day"),
        ("BLOCK_ON_BLAMELESS_WARNINGS", "sometimes", "valid boolean"),
        ("REVIEW_POLICY_VERSION", "", "at least 1 character"),
    ],
)
def test_a_bad_policy_setting_stops_start_up_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, problem: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError) as error:
        Settings(_env_file=None)  # type: ignore[call-arg]
    message = str(error.value)
    assert variable.lower() in message
    assert problem in message
