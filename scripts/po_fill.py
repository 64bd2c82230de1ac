#!/usr/bin/env python3
"""Fill empty msgstr entries of a .po file from a TSV of `msgid<TAB>translation` lines.

Usage: scripts/po_fill.py APP/locale/en/LC_MESSAGES/django.po translations.tsv
Only single-line msgids are matched; existing translations are kept. Clears `fuzzy` flags
on entries it fills. Prints the msgids still untranslated.
"""

import re
import sys


def unquote(s: str) -> str:
    return bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def quote(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


def main(po_path: str, tsv_path: str) -> int:
    table = {}
    with open(tsv_path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if "\t" in line and not line.startswith("#"):
                source, target = line.split("\t", 1)
                table[source] = target
    text = open(po_path, encoding="utf-8").read()
    blocks = text.split("\n\n")
    missing = []
    for i, block in enumerate(blocks):
        m = re.search(r'^msgid "(.+)"\nmsgstr ""$', block, re.M)
        if not m:
            continue
        msgid = m.group(1).replace('\\"', '"')
        if msgid in table:
            block = block.replace(m.group(0), f'msgid "{m.group(1)}"\nmsgstr "{quote(table[msgid])}"')
            block = re.sub(r"^#, fuzzy\n", "", block, flags=re.M)
            blocks[i] = block
        else:
            missing.append(msgid)
    open(po_path, "w", encoding="utf-8").write("\n\n".join(blocks))
    for msgid in missing:
        print("untranslated:", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
