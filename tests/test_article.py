"""Article loading: the seed's layout, HTML pages, JSONL corpora."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

import mideast_analysis as mea
from mideast_analysis.layout import filed_from, parse_date_line


def test_seed_layout(seed_path, seed_text):
    a = mea.load_article(seed_path)
    assert a.article_id == seed_path.stem
    assert a.text == seed_text  # exactly as read
    assert a.title == "Iraq discusses securing diplomatic missions, strengthening state authority"
    assert a.published == datetime(2020, 12, 25, 4, 2)
    assert a.published_iso == "2020-12-25T04:02"
    assert a.source == "Middle East Monitor"
    assert a.caption.startswith("Iraqi President Barham Salih during a press conference")
    assert a.caption.endswith("[Murtadha Al-Sudani/Anadolu Agency]")
    kinds = [s.kind for s in a.segments]
    assert kinds[:5] == ["boilerplate", "boilerplate", "title", "dateline", "caption"]
    related = [a.text[s.start:s.end] for s in a.spans("related")]
    assert len(related) == 2 and all(r.startswith("READ:") for r in related)
    assert a.body.startswith("Iraqi President Barham Salih and Defence Minister Jumah Inad discussed")
    assert "READ:" not in a.body and "Creating new perspectives" not in a.body
    for s in a.segments:  # segments are trimmed spans of the text, in order, not overlapping
        assert a.text[s.start:s.end] == a.text[s.start:s.end].strip()
    assert all(x.end <= y.start for x, y in zip(a.segments, a.segments[1:]))


@pytest.mark.parametrize("line,expected,has_time", [
    ("December 25, 2020 at 4:02 am", datetime(2020, 12, 25, 4, 2), True),
    ("December 25, 2020 at 12:30 pm", datetime(2020, 12, 25, 12, 30), True),
    ("Friday, 25 December 2020 16:05 GMT", datetime(2020, 12, 25, 16, 5), True),
    ("2020-12-25T00:00:00Z", datetime(2020, 12, 25, 0, 0), True),
    ("Dec. 3, 2019", datetime(2019, 12, 3), False),
])
def test_date_lines(line, expected, has_time):
    assert parse_date_line(line) == (expected, has_time)


@pytest.mark.parametrize("line", ["On Sunday, unknown persons fired", "February 30, 2020", "Iraq 2020"])
def test_not_date_lines(line):
    assert parse_date_line(line) is None


def test_text_given_directly_gets_a_stable_id():
    text = "Rockets hit Baghdad\n\nThree rockets hit the Green Zone in Baghdad on Sunday, officials said."
    a1, a2 = mea.load_article(text), mea.load_article(text)
    assert a1.article_id == a2.article_id and a1.article_id.startswith("text-")
    assert a1.title == "Rockets hit Baghdad"


HOSTILE_HTML = """<!doctype html><html><head><title>Rockets hit Green Zone</title>
<meta property="og:site_name" content="Example Wire"><meta name="date" content="2021-03-07">
<script>alert('x')</script></head><body><nav>Home | World | Sport</nav><article><h1>Rockets hit Green Zone</h1>
<p>BAGHDAD (Reuters) - Three rockets hit the Green Zone in Baghdad on Sunday, the Iraqi military said in a statement.</p>
<p>No one was hurt in the attack<img src=x onerror="alert(1)">, officials said, adding that an investigation had begun.</p>
<p><a href="javascript:alert(2)">More</a> on the attack, which came days after a visit by Pope Francis.</p>
</article><footer>Copyright 2021</footer></body></html>"""


def test_html_article(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HOSTILE_HTML, encoding="utf-8")
    a = mea.load_article(p)
    assert a.title == "Rockets hit Green Zone"
    assert a.published == datetime(2021, 3, 7)
    assert a.source == "Example Wire"
    assert "Three rockets hit the Green Zone" in a.text
    for bad in ("<script", "alert", "onerror", "javascript:", "Home | World", "<img"):
        assert bad not in a.text


def test_jsonl_corpus(tmp_path, seed_text):
    p = tmp_path / "corpus.jsonl"
    recs = [{"id": "a1", "text": seed_text + "\u2028A line separator\u0085inside.", "published": "2020-12-25"},
            {"id": "a2", "text": "Protesters rallied in Tahrir Square in Baghdad on Friday.", "title": "Rally",
             "source": "Wire", "url": "https://example.org/x"}]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n\n", encoding="utf-8")
    arts = list(mea.load_articles([p]))
    assert [a.article_id for a in arts] == ["a1", "a2"]
    assert arts[0].published == datetime(2020, 12, 25) and arts[0].published_iso == "2020-12-25"
    assert arts[0].caption.endswith("[Murtadha Al-Sudani/Anadolu Agency]")
    assert arts[1].title == "Rally" and arts[1].source == "Wire" and arts[1].published is None


def test_folders_expand_sorted(tmp_path):
    (tmp_path / "b.txt").write_text("Second\n\nTroops were deployed in Basra on Monday.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First\n\nClashes erupted in Mosul on Sunday.", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x,y\n", encoding="utf-8")
    assert [a.article_id for a in mea.load_articles([tmp_path])] == ["a", "b"]


def test_a_linked_headline_inside_the_body_is_related_not_body():
    text = ("Clashes Flare Again in Southern Tripoli\n\n"
            "TRIPOLI (Agency) - Gunmen clashed near the airport road on Friday, residents said.\n"
            "UN Envoy Urges Calm in Libyan Capital, Calls for Talks\n"
            "Earlier in the day, the interior ministry said two police officers were wounded.")
    art = mea.load_article(text)
    kinds = [(s.kind, art.text[s.start:s.end]) for s in art.segments]
    assert ("related", "UN Envoy Urges Calm in Libyan Capital, Calls for Talks") in kinds
    assert any(k == "body" and t.startswith("Earlier in the day") for k, t in kinds)


@pytest.mark.parametrize("line", ["Leila Mansour, Omar Haddad, Sami Nasser, Rami Khoury",
                                  "The ministry said it would respond on Monday."])
def test_names_lists_and_sentences_are_not_headlines(line):
    text = "A Title Of The Story\n\nFirst paragraph of the story, with a full stop.\n" + line + "\nLast line of it."
    art = mea.load_article(text)
    assert all(s.kind != "related" for s in art.segments)


def test_a_short_subheading_between_paragraphs_is_no_sentence():
    text = ("Police Hunt Gunmen After Deadly Shootout\n\nAMMAN (Agency) - Three officers died in a shootout in Maan "
            "on Monday, police said.\n\nRiots in Maan\n\nProtesters burned tyres in the city on Thursday, witnesses "
            "said.")
    art = mea.load_article(text)
    assert ("related", "Riots in Maan") in [(s.kind, art.text[s.start:s.end]) for s in art.segments]


@pytest.mark.parametrize("head", ["date 2021-11-04 ", "2021-11-04 ", "Published: 2021-11-04T09:30 "])
def test_a_feed_date_fused_to_the_lead_is_the_dateline(head):
    art = mea.load_article(head + "The coalition said on Thursday it had struck a depot near Marib.\n\nMore text "
                           "follows here.")
    assert art.published.date().isoformat() == "2021-11-04"
    lead = next(s for s in art.segments if s.kind == "body")
    assert art.text[lead.start:lead.end].startswith("The coalition said")


def test_a_photo_caption_with_an_image_credit_below_the_lead_is_a_caption():
    text = ("Police Officers Killed in Raid\n\nDecember 19, 2022\n\nA shootout left three officers dead in Maan.\n\n"
            "Police stand in front of their vehicles\nOfficers died in a raid in the southImage: A. Nasser/Agency\n\n"
            "Police said on Monday that three officers died in a shootout.")
    art = mea.load_article(text)
    kinds = {art.text[s.start:s.end].split("\n")[0]: s.kind for s in art.segments}
    assert kinds["Police stand in front of their vehicles"] == "caption"
    assert kinds["Police said on Monday that three officers died in a shootout."] == "body"


@pytest.mark.parametrize("label", ["National-World", "Middle East"])
def test_a_section_label_above_the_story_is_no_title(label):
    art = mea.load_article(f"date 2021-11-04 {label}\n\nAt least 33 soldiers were killed in Idlib on Thursday.\n\n"
                           "A security meeting was held in Ankara.")
    kinds = {art.text[s.start:s.end]: s.kind for s in art.segments}
    assert kinds[label] == "boilerplate" and art.title != label


@pytest.mark.parametrize("credit", ["(Reporting by Amal Haddad in Amman; Editing by Tom Reed)",
                                    "Additional reporting by Sami Nasser; writing by Leila Mansour"])
def test_an_agency_staff_credit_at_the_end_is_boilerplate_with_no_actor_or_event(credit):
    text = ("AMMAN, March 2 (Desert Wire) - Jordanian police arrested three men in Zarqa on Monday, officials said.\n\n"
            "The men were accused of smuggling weapons across the Syrian border.\n\n" + credit)
    art = mea.load_article(text)
    assert art.spans("boilerplate")[-1].end == len(text.rstrip())
    frames = mea.analyze(text, published="2021-03-02")
    named = set(frames.actors["name"])
    assert not any(n in " ".join(named) for n in ("Haddad", "Reed", "Nasser", "Mansour")), named
    assert "Reporting" not in set(frames.events["trigger"]) and "writing" not in set(frames.events["trigger"])


@pytest.mark.parametrize("text,place,agency", [
    ("KIRKUK, Iraq, April 8 (Levant Wire) - Iraqi forces detained six men.", "KIRKUK", "Levant Wire"),
    ("BAGHDAD (Tigris News) — Rockets struck a base.", "BAGHDAD", "Tigris News"),
    ("RAS AL-AIN, Syria – Turkish drones struck a car.", "RAS AL-AIN", None),
    ("MANSFIELD, Texas -- A council vote was delayed.", "MANSFIELD", None),
    ("ERBIL, Kurdistan Region - Officials said.", "ERBIL", None),
    ("MANBIJ (Levant Wire) -", "MANBIJ", "Levant Wire"),
])
def test_an_agency_dateline_gives_the_place_filed_from_and_the_agency(text, place, agency):
    m = filed_from(text)
    assert m is not None and m.group("place") == place and m.group("agency") == agency
    assert not text[m.end():].startswith((" ", "-", "—"))  # the dateline ends after its dash


@pytest.mark.parametrize("text", [
    "NATO said - no troops would move.", "Charleston, W.Va. - The council met.", "BAGHDAD is calm - for now.",
    "Officials in BASRA, Iraq - said nothing.", "UN (Geneva) said on Monday it would help.",
])
def test_text_that_is_no_dateline_is_not_taken_for_one(text):
    assert filed_from(text) is None
