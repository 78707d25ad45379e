"""Search over services and pages, without Flask: analysis, synonyms, indexing, generations, engine, ranking.

One document per service or page holds the text of every language it has. A query is matched
against all of them: each language with its stemmer (da, en, ar), every language folded and
unstemmed (æ/ae, ø/oe, å/aa, marks), the names, and the synonyms file. Typos: a word found nowhere
is looked up fuzzily at once; every word is when fewer than three documents matched.
"""
