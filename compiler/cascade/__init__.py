"""The cascade: a plan placed among its parents and the plans it cites.

In: a ``LoadedPlan`` and the repository root. Out: the resolved plan that
layout sees (cited plans' metadata filled in) and the inheritance findings
(what the parents require of the child and where the child departs from it);
also the requirements ``kehoach new`` writes into a skeleton.
"""
