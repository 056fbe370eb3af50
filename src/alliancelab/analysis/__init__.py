"""Tests of the seeds' claims on simulated and real data, each returning one result type."""

from alliancelab.analysis.registry import Hypothesis, hypothesis, registered, run_tests
from alliancelab.analysis.results import TestResult

__all__ = ["Hypothesis", "TestResult", "hypothesis", "registered", "run_tests"]
