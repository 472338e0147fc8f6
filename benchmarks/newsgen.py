"""Realistic-looking news articles from the benchmark's own templates (no real news copied).

    from newsgen import generate
    for article in generate(200, words=600, seed=7): ...       # dotterel Articles
    python benchmarks/newsgen.py 1000 --words 600 -o corpus.jsonl  # or a JSONL file of them

Each article is a headline, a dateline paragraph and paragraphs drawn until it reaches about
`words` words: event sentences of every PLOVER family (attacks, arrests, protests, talks, aid,
sanctions, threats, accusations, agreements, deployments), quotes and attributions, and the
background, economy and human-interest sentences that make up most of a news story. Names,
places, numbers and days are drawn from small lists, with a fixed seed, so a run is repeatable.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta

from dotterel.model import Article

COUNTRIES = [  # (country, demonym, capital, towns, leader title, leader, ministry, group, army)
    ("Nigeria", "Nigerian", "Abuja", ["Maiduguri", "Kano", "Zaria", "Jos", "Sokoto"], "President", "Bola Tinubu",
     "interior ministry", "Boko Haram", "Nigerian army"),
    ("Mali", "Malian", "Bamako", ["Gao", "Menaka", "Timbuktu", "Mopti", "Kidal"], "junta leader", "Assimi Goita",
     "defence ministry", "JNIM", "Malian armed forces"),
    ("Somalia", "Somali", "Mogadishu", ["Kismayo", "Baidoa", "Beledweyne", "Garowe"], "President",
     "Hassan Sheikh Mohamud", "security ministry", "al-Shabaab", "Somali National Army"),
    ("Colombia", "Colombian", "Bogota", ["Cali", "Medellin", "Cucuta", "Popayan"], "President", "Gustavo Petro",
     "defence ministry", "the ELN", "Colombian army"),
    ("Pakistan", "Pakistani", "Islamabad", ["Peshawar", "Quetta", "Lahore", "Karachi"], "Prime Minister",
     "Shehbaz Sharif", "interior ministry", "the Pakistani Taliban", "Pakistani army"),
    ("Ukraine", "Ukrainian", "Kyiv", ["Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia"], "President",
     "Volodymyr Zelenskiy", "foreign ministry", "Russian forces", "Ukrainian army"),
    ("Sudan", "Sudanese", "Khartoum", ["Omdurman", "El Fasher", "Port Sudan", "Nyala"], "army chief",
     "Abdel Fattah al-Burhan", "foreign ministry", "the Rapid Support Forces", "Sudanese army"),
    ("Myanmar", "Myanmar", "Naypyitaw", ["Yangon", "Mandalay", "Lashio", "Sittwe"], "junta chief",
     "Min Aung Hlaing", "information ministry", "the Arakan Army", "Myanmar military"),
    ("Philippines", "Philippine", "Manila", ["Cebu", "Davao", "Marawi", "Cotabato"], "President",
     "Ferdinand Marcos", "defence department", "the New People's Army", "Philippine army"),
    ("Kenya", "Kenyan", "Nairobi", ["Mombasa", "Garissa", "Lamu", "Kisumu"], "President", "William Ruto",
     "interior ministry", "al-Shabaab", "Kenyan army"),
]
OTHERS = ["the United States", "France", "China", "Russia", "Turkey", "the European Union", "the United Nations",
          "the African Union", "Germany", "India", "Qatar", "Egypt", "Japan", "Brazil", "Saudi Arabia"]
AID_BODIES = ["the World Food Programme", "the Red Cross", "UNICEF", "the World Health Organization",
              "Doctors Without Borders"]
PEOPLE = ["Amina Yusuf", "Daniel Ortega Ruiz", "Fatima Bello", "Jonas Weber", "Maria Santos", "Ahmed Karimi",
          "Grace Otieno", "Li Wei", "Ibrahim Musa", "Elena Petrova", "Samuel Mensah", "Nadia Haddad"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = ["Continental Wire", "Harbour Post", "Daily Ledger", "World Desk", "Morning Courier", "Frontline News"]


def _events(r: random.Random, c: tuple) -> list[str]:
    country, dem, capital, towns, title, leader, ministry, group, army = c
    town, town2 = r.sample(towns, 2)
    day, other, n = r.choice(DAYS), r.choice(OTHERS), r.randint(3, 60)
    return [
        f"Gunmen from {group} attacked a police station in {town} on {day}, killing at least {n} people, "
        f"officials said.",
        f"Security forces arrested {n} suspected members of {group} during raids in {town2} overnight.",
        f"Hundreds of {r.choice(['students', 'traders', 'nurses', 'farmers', 'teachers'])} marched through "
        f"{capital} on {day} to protest against rising fuel prices.",
        f"Police fired tear gas to disperse the protesters outside the {ministry}, witnesses said.",
        f"{title} {leader} met envoys from {other} in {capital} to discuss security on the border.",
        f"{other.capitalize() if other[0].islower() else other} pledged to send {n} tonnes of food aid to families "
        f"displaced by the fighting in {town}.",
        f"{r.choice(AID_BODIES).capitalize()} delivered medical supplies to hospitals in {town2} last week.",
        f"The {army} said it had deployed troops to {town} after the attack.",
        f"{other.capitalize() if other[0].islower() else other} imposed sanctions on officials it accused of "
        f"undermining the peace process.",
        f"The government accused {group} of burning villages near {town2} and kidnapping {n} farmers.",
        f"{group.capitalize() if group[0].islower() else group} threatened to launch new attacks on government "
        f"forces unless its commanders were released.",
        f"The {dem} government and {group} agreed to a ceasefire on {day} after talks mediated by {other}.",
        f"Militants ambushed a military convoy on the road between {town} and {town2}, the {army} said.",
        f"{title} {leader} condemned the killings and vowed to bring those responsible to justice.",
        "Opposition leaders called on the government to release detained activists.",
        f"The {ministry} rejected the report and said the army had not targeted civilians.",
        f"Soldiers clashed with fighters from {group} near {town2} on {day}.",
        f"{other.capitalize() if other[0].islower() else other} urged all sides to show restraint and return "
        f"to negotiations.",
        f"Rebels seized control of two villages outside {town} and looted a market, residents said.",
        f"The {dem} parliament voted to extend the state of emergency in {town} for another {n} days.",
    ]


def _background(r: random.Random, c: tuple) -> list[str]:
    country, dem, capital, towns, title, leader, ministry, group, army = c
    town = r.choice(towns)
    year, pct, n = r.randint(1995, 2021), r.randint(2, 40), r.randint(2, 90)
    return [
        f"The region has been unstable since {year}, and thousands of people have left their homes.",
        f"{country}'s economy grew by {pct / 10:.1f} percent last year, according to the central bank.",
        f"Inflation has reached {pct} percent, and the price of bread has doubled since January.",
        f"The rainy season usually begins in June, and many roads around {town} become impassable.",
        f"{town} is a city of about {n * 10000:,} people and an important market for cattle and grain.",
        "Schools in the district reopened last month after being closed for almost a year.",
        "Mobile phone coverage in the area is poor, which makes it hard to confirm reports from villages.",
        f"The new highway to {capital}, built with a loan from a development bank, is due to open next year.",
        "Farmers in the valley grow millet, sorghum and groundnuts, most of it for their own families.",
        "Analysts say the elections scheduled for next year could be delayed again.",
        f"The {dem} currency has lost a third of its value against the dollar over the past {n} months.",
        "Local radio stations broadcast in several languages, and many residents follow the news on "
        "social media.",
        f"The national football team qualified for the continental cup for the first time since {year}.",
        f"Hospitals in {town} are short of doctors, and patients often travel for hours to reach a clinic.",
        f"Exports of {r.choice(['cocoa', 'oil', 'gold', 'coffee', 'cotton', 'tea'])} account for most of the "
        f"country's foreign earnings.",
        "Officials have promised for years to improve water supplies in the poorer neighbourhoods.",
        f"The census, last held in {year}, put the population of the province at about {n} million.",
        "The festival, which draws visitors from across the region, was cancelled this year.",
    ]


def _quotes(r: random.Random, c: tuple) -> list[str]:
    country, dem, capital, towns, title, leader, ministry, group, army = c
    person = r.choice(PEOPLE)
    return [
        f"\"We are tired of living in fear,\" said {person}, a shopkeeper in {r.choice(towns)}.",
        "\"The situation is very difficult, but we will not give up,\" a local official told reporters.",
        f"{person}, an analyst at a research institute in {capital}, said the government needed a new strategy.",
        "\"Nobody knows what will happen next,\" said a mother of four who asked not to be named.",
        f"A spokesman for the {ministry} said the figures would be published later in the week.",
        f"\"Our children cannot go to school,\" said {person}. \"We just want peace.\"",
    ]


def article_text(r: random.Random, *, words: int = 600) -> tuple[str, str]:
    """A headline and a story of about `words` words."""
    c = r.choice(COUNTRIES)
    country, dem, capital, towns, title, leader, ministry, group, army = c
    events, background, quotes = _events(r, c), _background(r, c), _quotes(r, c)
    lead = events[0] if r.random() < 0.5 else r.choice(events)
    headline = r.choice([f"{group.capitalize() if group[0].islower() else group} attack kills dozens in "
                         f"{r.choice(towns)}", f"Protests spread in {capital} as prices soar",
                         f"{country} talks resume amid new violence", f"Aid arrives in {r.choice(towns)}"])
    paragraphs = [f"{capital.upper()} – {lead}"]
    count = len(lead.split())
    while count < words:
        kind = r.random()
        pool = events if kind < 0.45 else (background if kind < 0.85 else quotes)
        para = " ".join(r.choice(pool) for _ in range(r.randint(1, 3)))
        paragraphs.append(para)
        count += len(para.split())
    return headline, "\n\n".join(paragraphs)


def generate(n: int, *, words: int = 600, seed: int = 7, start: str = "2024-05-01") -> Iterator[Article]:
    """`n` articles of about `words` words each; the same seed gives the same articles."""
    r = random.Random(seed)
    day0 = date.fromisoformat(start)
    for i in range(n):
        headline, text = article_text(r, words=words)
        published = (day0 + timedelta(days=r.randint(0, 30))).isoformat()
        outlet = r.choice(OUTLETS)
        yield Article(doc_id=f"gen-{seed}-{i:06d}", text=text, title=headline, published=published, outlet=outlet,
                      url=f"https://{outlet.lower().replace(' ', '')}.example/{i}", language="en")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-o", "--output", help="JSONL file (default: stdout)")
    a = ap.parse_args()
    out = open(a.output, "w", encoding="utf-8") if a.output else sys.stdout
    for art in generate(a.n, words=a.words, seed=a.seed):
        out.write(json.dumps({"doc_id": art.doc_id, "title": art.title, "text": art.text, "published": art.published,
                              "outlet": art.outlet, "url": art.url}, ensure_ascii=False) + "\n")
    if a.output:
        out.close()


if __name__ == "__main__":
    main()
