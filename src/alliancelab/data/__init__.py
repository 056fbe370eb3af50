"""Evidence: readers for the standard data sets and composable dyad-year builders."""
