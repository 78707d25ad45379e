"""The content under site/content/: read, checked and turned into plain immutable objects, without Flask.

model (the objects), problems (what an editor is told), front_matter (YAML with lines and advice),
fields (the declarative field specs), values (typed field readers), contacts, rules (what may never be
published), markdown, loader (check/load, fingerprint) and translations (their state, the stamp).
"""
