"""Evaluation against gold data (``make eval`` = ``python -m pipeline.eval``).

* :mod:`pipeline.eval.gold` loads NEREL and factRuEval-2016 (reusable);
* :mod:`pipeline.eval.ner` holds the scoring functions;
* :mod:`pipeline.eval.systems` runs plain natasha and the project;
* ``money`` and ``relations`` modules, when present, are called by the CLI.
"""
