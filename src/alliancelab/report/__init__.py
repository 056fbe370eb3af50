"""Figures and reports: publication defaults, plots of model solutions and data."""
