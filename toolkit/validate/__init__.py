"""Validation: coded samples, agreement between coders, precision and recall, corrected shares."""

from toolkit.validate.agreement import Agreement, AgreementUndefined, AgreementWarning, agreement

__all__ = ["Agreement", "AgreementUndefined", "AgreementWarning", "agreement"]
