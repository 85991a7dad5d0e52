"""The two publishers' conventions as policy, chosen by the catalog's ``convention``.

* :mod:`~eistandaard.conventions.istandaarden`: iStandaarden (iWmo/iJw) IV028/IV087 answers of the
  325, the IV032 retour messages of 302-320, decisions, the request-vs-answer comparison;
* :mod:`~eistandaard.conventions.vektis`: Vektis STB 5.3-5.8 (Header, Feedback, short circuit,
  roles, amounts), with ``gds/`` and ``bm/`` only for what the class model cannot say.

The engines that use them are in :mod:`eistandaard.answers` (one return engine, one explain engine).
"""
