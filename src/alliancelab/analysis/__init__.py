"""Tests of the seeds' claims on simulated and real data, each returning one result type."""
