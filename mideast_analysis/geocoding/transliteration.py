"""A folding key for romanised Arabic, Persian, Kurdish and Turkish place names.

Press and GeoNames romanise the same name differently ("Makhmour" / "Makhmur", "Nassiriya" /
"An Nāşirīyah", "Deir ez-Zor" / "Dayr az Zawr"). `fold` maps such variants to one key: articles
dropped, vowels reduced to Arabic's three (a, i, u), doubled letters collapsed, and a few consonant
spellings merged. The key is lossy, so the gazetteer uses it only as a fallback, and only among
places in `FOLD_COUNTRIES`.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Where names are romanised from Arabic, Persian, Kurdish or Turkish: the Middle East and North Africa.
FOLD_COUNTRIES = frozenset("IQ SY LB JO IL PS SA YE OM AE QA BH KW IR TR EG LY TN DZ MA SD".split())

# The Arabic article, bare or assimilated to a sun letter ("ash-Shaykh", "ez-Zor"): left out by many spellings.
ARTICLES = frozenset("al el il ul an en ar er as es ash esh ad ed adh at et ath az ez".split())

# Whole words with spellings the letter rules below do not merge: (canonical, variants, why).
WORDS: tuple[tuple[str, frozenset[str], str], ...] = (
    ("tal", frozenset({"tel", "tell", "tall", "til"}), "'hill', written with a or e, one l or two"),
    ("jabal", frozenset({"jebel", "djebel", "jbel", "jabel"}), "'mountain', Levantine and Maghrebi vowels"),
    ("province", frozenset({"governorate", "muhafazat", "muhafazah", "wilaya", "wilayah", "wilayat", "ostan"}),
     "the unit word of a first-level region, as GeoNames' 'Province' or 'Governorate' or the press writes it"),
)

# Letter rules, in order, on each word: (pattern, replacement, why).
LETTERS: tuple[tuple[re.Pattern, str, str], ...] = tuple((re.compile(p), r, why) for p, r, why in (
    ("ı", "i", "Turkish dotless i (accent folding leaves it)"),
    ("dj", "j", "French romanisation of jim (Djelfa / Jelfa)"),
    ("(?<!s)ch", "sh", "French romanisation of shin (Chouf / Shouf); German 'sch' is already sh"),
    ("ou(?=[aeiy])", "w", "French 'ou' before a vowel is a w (Ouadi / Wadi)"),
    ("x", "kh", "Kurdish Latin x is kh (Mexmur / Makhmur)"),
    ("i(?:yy?|e)?[ae]h?$", "iya", "the -iya ending: -iyah, -iyya, -iyeh, -ieh, -ia"),
    ("[ae]h$", "a", "final ta marbuta written -ah or -eh (Raqqah, Hasakeh)"),
    ("dh", "z", "dhal and za are said z in Iraqi and Levantine Arabic (Kadhimiya / Kazimiyah)"),
    ("q", "k", "qaf written k in Turkish, Kurdish and older spellings (Kamishli / Qamishli)"),
    ("(?:ay|ai|ei|ey)(?![aeiou])", "i", "the ay diphthong (Dayr / Deir / Dair, Ayn / Ain / Ein)"),
    ("(?:aw|ow|au)(?![aeiou])", "u", "the aw diphthong (Dawra / Dora / Doura, Zawr / Zor)"),
    ("o", "u", "Arabic has no o: press o and ou are GeoNames u (Makhmour / Makhmur)"),
    ("e", "i", "Arabic has no e: press e and ee are GeoNames i (Erbil / Irbil)"),
    (r"(.)\1+", r"\1", "doubled letters (shadda) written single or double (Nassiriya / Nasiriyah)"),
))
_WORD_OF = {v: canonical for canonical, variants, _ in WORDS for v in variants}
MIN_KEY = 4  # shorter folded keys match too many unrelated names to be worth a fallback


@lru_cache(maxsize=1 << 16)
def fold(key: str) -> str:
    """The folding key of a normalised name key ('deir ez zor' -> 'dirzur'), '' when too short to use.
    Cached: the same names are looked up again and again, and each fold runs some 30 substitutions."""
    words = key.split()
    kept = [w for w in words if w not in ARTICLES] or words
    out = []
    for w in kept:
        w = _WORD_OF.get(w, w)
        for pattern, replacement, _ in LETTERS:
            w = pattern.sub(replacement, w)
        out.append(w)
    folded = "".join(out)  # spacing varies too ('Abu Ghraib' / 'Abughraib')
    return folded if len(folded) >= MIN_KEY else ""
