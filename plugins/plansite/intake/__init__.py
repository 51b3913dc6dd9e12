"""Reading what editors hand in: the plans folder (with the text engine's citations) and
received documents (.txt, .md, .docx) turned into plan files."""
