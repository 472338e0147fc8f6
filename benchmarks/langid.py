"""Measure the language identifiers dotterel could use for its `ingest` extra.

    python benchmarks/langid.py       # pip install lingua-language-detector langdetect to compare them too

For each installed candidate (py3langid, lingua-language-detector, langdetect) it prints the
time to load, the time per text, and accuracy on a small set of news-like texts written for
this benchmark (headlines of 3-8 words and paragraphs of 2-3 sentences, in 9 languages). The
two error kinds that matter for dotterel are counted apart: English taken for another
language (an English story dropped) and another language taken for English (coded as English).
The last rows apply dotterel's own rule (`dotterel.io.language.detect_language`).
"""
from __future__ import annotations

import importlib.util
import resource
import subprocess
import sys
import time
from collections.abc import Callable

# fmt: off
TEXTS: dict[str, list[str]] = {
    "en": [
        "Troops shell rebel positions",
        "Police arrest 40 activists in Minsk",
        "Ministers meet over border row",
        "Protesters block roads in capital",
        "President vows to punish attackers",
        "Talks collapse as ceasefire ends",
        "Militants seize two villages in the north after heavy fighting",
        "Government rejects calls for early election",
        ("Police fired tear gas at thousands of protesters who gathered outside parliament on "
        "Tuesday. Witnesses said several people were injured."),
        ("The two governments signed an agreement on Monday to share intelligence on armed groups "
        "operating along their common border. Officials said the deal had taken a year to negotiate."),
        ("Rebels attacked a military convoy on the main road, killing three soldiers, the army said in "
        "a statement. No group has claimed responsibility for the ambush."),
        ("The foreign minister accused the neighbouring state of interfering in the vote and recalled "
        "the ambassador for consultations."),
    ],
    "fr": [
        "La police arrête 40 militants",
        "Manifestation massive à Paris",
        "Le gouvernement rejette l'accord",
        "Des soldats tués dans une embuscade au nord du pays",
        ("La police a dispersé des milliers de manifestants devant le parlement mardi. Plusieurs "
        "personnes ont été blessées, selon des témoins."),
        ("Les deux pays ont signé lundi un accord de coopération militaire. Le texte prévoit des "
        "exercices communs et un échange de renseignements."),
    ],
    "es": [
        "La policía detiene a 40 activistas",
        "Protestas en la capital",
        "El gobierno rechaza el acuerdo de paz",
        "Rebeldes atacan un convoy militar en el norte del país",
        ("Miles de personas se manifestaron el martes frente al congreso para exigir la renuncia del "
        "ministro. La policía usó gases lacrimógenos."),
        ("El presidente anunció que retirará a su embajador tras las acusaciones de espionaje. La "
        "cancillería convocó al encargado de negocios."),
    ],
    "de": [
        "Polizei nimmt 40 Aktivisten fest",
        "Regierung lehnt Abkommen ab",
        "Proteste in der Hauptstadt",
        "Soldaten bei Angriff auf Konvoi im Norden getötet",
        ("Die Polizei setzte am Dienstag Tränengas gegen Tausende Demonstranten vor dem Parlament ein. "
        "Mehrere Menschen wurden verletzt."),
        ("Die beiden Regierungen unterzeichneten am Montag ein Abkommen über den Austausch von "
        "Geheimdienstinformationen."),
    ],
    "pt": [
        "Polícia prende 40 ativistas",
        "Governo rejeita acordo de paz",
        "Protestos bloqueiam estradas na capital",
        "Rebeldes atacam comboio militar no norte do país",
        ("A polícia usou gás lacrimogêneo contra milhares de manifestantes em frente ao congresso na "
        "terça-feira. Várias pessoas ficaram feridas."),
        ("Os dois governos assinaram na segunda-feira um acordo para partilhar informações sobre grupos "
        "armados na fronteira."),
    ],
    "it": [
        "La polizia arresta 40 attivisti",
        "Il governo respinge l'accordo",
        "Proteste nella capitale",
        "Ribelli attaccano un convoglio militare nel nord del paese",
        ("La polizia ha usato gas lacrimogeni contro migliaia di manifestanti davanti al parlamento "
        "martedì. Diverse persone sono rimaste ferite."),
        "I due governi hanno firmato lunedì un accordo per condividere informazioni sui gruppi armati.",
    ],
    "ru": [
        "Полиция задержала 40 активистов",
        "Правительство отвергло соглашение",
        "Протесты в столице",
        "Боевики атаковали военную колонну на севере страны",
        ("Во вторник полиция применила слезоточивый газ против тысяч демонстрантов у здания "
        "парламента. Несколько человек получили ранения."),
        "Два правительства подписали в понедельник соглашение об обмене разведывательной информацией.",
    ],
    "ar": [
        "الشرطة تعتقل 40 ناشطا",
        "الحكومة ترفض الاتفاق",
        "احتجاجات في العاصمة",
        "مسلحون يهاجمون قافلة عسكرية في شمال البلاد",
        ("استخدمت الشرطة الغاز المسيل للدموع ضد آلاف المتظاهرين أمام البرلمان يوم الثلاثاء. وأصيب "
        "عدة أشخاص بجروح."),
        "وقعت الحكومتان يوم الاثنين اتفاقا لتبادل المعلومات الاستخباراتية حول الجماعات المسلحة.",
    ],
    "tr": [
        "Polis 40 aktivisti gözaltına aldı",
        "Hükümet anlaşmayı reddetti",
        "Başkentte protestolar",
        "Militanlar ülkenin kuzeyinde askeri konvoya saldırdı",
        ("Polis salı günü meclis önünde toplanan binlerce göstericiye biber gazıyla müdahale etti. "
        "Birkaç kişi yaralandı."),
        "İki hükümet pazartesi günü silahlı gruplar hakkında istihbarat paylaşımı anlaşması imzaladı.",
    ],
}
# fmt: on
SHORT_WORDS = 8


def _py3langid() -> Callable[[str], str]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return lambda text: ident.classify(text)[0]


def _lingua() -> Callable[[str], str]:
    from lingua import LanguageDetectorBuilder

    det = LanguageDetectorBuilder.from_all_languages().build()

    def run(text: str) -> str:
        lang = det.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang else "?"

    return run


def _lingua_low() -> Callable[[str], str]:
    from lingua import LanguageDetectorBuilder

    det = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def run(text: str) -> str:
        lang = det.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang else "?"

    return run


def _langdetect() -> Callable[[str], str]:
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0
    return lambda text: detect(text)


def _dotterel() -> Callable[[str], str]:
    from dotterel.io.language import detect_language

    return lambda text: detect_language(text) or "und"


CANDIDATES = {"py3langid": ("py3langid", _py3langid), "lingua": ("lingua", _lingua),
              "lingua low": ("lingua", _lingua_low),
              "langdetect": ("langdetect", _langdetect), "dotterel rule": ("py3langid", _dotterel)}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        _row(sys.argv[2])
        return
    samples = [(lang, t) for lang, texts in TEXTS.items() for t in texts]
    print(f"{len(samples)} texts in {len(TEXTS)} languages "
          f"({sum(len(t.split()) <= SHORT_WORDS for _, t in samples)} headlines of <= {SHORT_WORDS} words)\n")
    print(f"{'detector':<14} {'load s':>7} {'RSS MB':>7} {'ms/text':>8} {'right':>7} {'short':>7} "
          f"{'en lost':>8} {'xx as en':>9}")
    for name in CANDIDATES:  # each in a fresh process, so load time and memory are its own
        subprocess.run([sys.executable, __file__, "--one", name], check=False)


def _row(name: str) -> None:
    module, make = CANDIDATES[name]
    if importlib.util.find_spec(module) is None:
        print(f"{name:<14} not installed")
        return
    samples = [(lang, t) for lang, texts in TEXTS.items() for t in texts]
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    detect = make()
    detect("warm up the model with a sentence")
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    got = [(lang, text, detect(text)) for lang, text in samples]
    per = (time.perf_counter() - t0) / len(samples) * 1000
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base
    right = sum(g == lang for lang, _, g in got)
    short = [(lang, g) for lang, text, g in got if len(text.split()) <= SHORT_WORDS]
    short_right = sum(g == lang for lang, g in short)
    en_lost = [text for lang, text, g in got if lang == "en" and g != "en"]
    as_en = [text for lang, text, g in got if lang != "en" and g == "en"]
    print(f"{name:<14} {load:7.2f} {rss:7.0f} {per:8.2f} {right:>3}/{len(got):<3} "
          f"{short_right:>3}/{len(short):<3} {len(en_lost):>8} {len(as_en):>9}")
    for text in en_lost + as_en:
        print(f"{'':<14} wrong about: {text[:60]!r}")


if __name__ == "__main__":
    main()
