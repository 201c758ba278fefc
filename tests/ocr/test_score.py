#!/usr/bin/python3
"""Unit tests of the OCR scorer and the hunspell baseline's text handling.

    /usr/bin/python3 -m unittest discover -s tests/ocr -p 'test_*.py'
"""
import os
import sys
import unittest

sys.dont_write_bytecode = True          # keep tests/ocr free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402
import baseline_hunspell  # noqa: E402

GOLD = ("Vi i Sarpsborg skal vi møte og løse utfordringene. I dette dokumentet "
        "står det å lede og å lære. Dette er ikke samarbeid i KS-dokumentet.\n")
OCR = ("Vii Sarpsborg skal vi mgte og Igse utfordringene. | dette dokumentet star\n"
       "det 4lede og a leere. Dette erikke sam-\narbeid i KS-\ndokumentet.\n")


def run(gold, ocr, out):
    s = score.Score()
    s.add(gold, ocr, out)
    return s.metrics(), s


class Tokens(unittest.TestCase):
    def test_strip_keeps_ocr_symbols(self):
        self.assertEqual(score.strip_punct("«st@tte»,"), "st@tte")
        self.assertEqual(score.strip_punct("&"), "&")
        self.assertEqual(score.strip_punct("|"), "|")
        self.assertEqual(score.strip_punct("(—)"), "")

    def test_dehyphen(self):
        keys = [k for _, k in score.tokenize("sam-\narbeide og samfunns-\nog arbeidsliv")]
        self.assertEqual(keys, ["samarbeide", "og", "samfunns", "og", "arbeidsliv"])
        keys = [k for _, k in score.tokenize("KS-\ndokumentet", vocab={"KS-dokumentet"})]
        self.assertEqual(keys, ["KS-dokumentet"])
        keys = [k for _, k in score.tokenize("sam-\narbeide", dehyphen=False)]
        self.assertEqual(keys, ["sam", "arbeide"])


class Metrics(unittest.TestCase):
    def test_identity(self):
        m, _ = run(GOLD, OCR, OCR)
        self.assertEqual(m["repaired"], 0)
        self.assertEqual(m["false_corrections"], 0)
        self.assertEqual(m["words"], 25)
        self.assertEqual(m["damaged"], 12)          # Vi i, møte, løse, I, står, å lede, å, lære, er ikke
        self.assertEqual(m["damaged_other"], 0)
        self.assertEqual(m["accuracy_before"], m["accuracy_after"])

    def test_perfect(self):
        m, s = run(GOLD, OCR, GOLD.replace(" å lære.", "\nå lære."))
        self.assertEqual(m["recall"], 1.0)
        self.assertEqual(m["false_correction_rate"], 0.0)
        self.assertEqual(m["accuracy_after"], 1.0)
        self.assertFalse(s.errors)

    def test_partial_false_and_wrong(self):
        out = OCR.replace("mgte", "møte").replace("Vii", "Vi i").replace("4lede", "å lede") \
                 .replace("Igse", "lase").replace("dokumentet star", "dokumentet stor") \
                 .replace("skal", "skall")
        m, s = run(GOLD, OCR, out)
        self.assertEqual(m["repaired"], 5)           # Vi i (2), møte, å lede (2)
        self.assertEqual(m["false_corrections"], 1)  # skal -> skall
        self.assertEqual(m["miscorrected"], 2)       # løse -> lase, står -> stor
        kinds = {k[3] for k in s.errors}
        self.assertEqual(kinds, {"false", "wrong", "missed"})

    def test_denominators_do_not_depend_on_output(self):
        a, _ = run(GOLD, OCR, OCR)
        b, _ = run(GOLD, OCR, "Vi i Sarpsborg skal\nvi møte")  # output truncated
        for k in ("words", "clean", "damaged", "damaged_aeoa", "damaged_other"):
            self.assertEqual(a[k], b[k], k)
        self.assertLess(b["accuracy_after"], a["accuracy_after"])

    def test_junk_token(self):
        m, _ = run("Dette er et dokument.\n", "Dette er et ~ ; dokument. e\n",
                   "Dette er et dokument.\n")
        self.assertEqual(m["damaged_other"], 1)      # stray 'e' after 'dokument'
        self.assertEqual(m["recall"], 1.0)

    def test_classes(self):
        t = lambda s: score.tokenize(s)
        self.assertEqual(score.damage_class(t("løse"), t("Igse"))[0], "æøå")
        self.assertEqual(score.damage_class(t("I"), t("|")), ("æøå", "I/l/| confusion"))
        self.assertEqual(score.damage_class(t("Vi i"), t("Vii")), ("æøå", "word split/merge"))
        self.assertEqual(score.damage_class(t("finnes"), t("fines"))[0], "other")
        self.assertEqual(score.damage_class(t("OG"), t("0G"))[0], "other")

    def test_confusion_table(self):
        table, _ = score.confusions([(GOLD, OCR)])
        self.assertEqual(table["ø"]["g"], 2)         # møte, løse
        self.assertEqual(table["æ"]["ee"], 1)


class Baseline(unittest.TestCase):
    def test_repair_keeps_punctuation(self):
        memo = {"pa": "på", "st@tte": "støtte", "Vii": "Vi i"}
        self.assertEqual(baseline_hunspell.repair("«pa» st@tte,\nVii x", memo),
                         "«på» støtte,\nVi i x")


if __name__ == "__main__":
    unittest.main()
