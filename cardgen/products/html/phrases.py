"""The screen edition's own words (buttons, headings, what is announced), in the deck's language.

The kinds' names come from the deck's labels; these are the words around them.
`{n}` and `{total}` are filled in by the page's script. Languages without a
table here get English, as the deck's default labels do.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "draw": "Draw a card",
        "previous": "Previous",
        "next": "Next",
        "choose": "Choose cards",
        "kinds": "Kinds of card",
        "topics": "Topics",
        "all": "All the cards",
        "card": "Card",
        "start": "Press “Draw a card” to begin.",
        "position": "Card {n} of {total}",
        "pool": "Cards to draw from: {total}",
        "done": "All the cards have been drawn. Draw again to start over.",
        "none": "No card matches your choices.",
        "keys": "Keys: Enter or Space draws a card; the arrow keys go back and forth.",
        "content_note": "Content note:",
        "levels": "How deep",
        "level_1": "Light cards only",
        "level_2": "Light and middle cards",
        "level_3": "Every card, deep ones too",
        "made": "Made with cardgen",
    },
    "es": {
        "draw": "Sacar una carta",
        "previous": "Anterior",
        "next": "Siguiente",
        "choose": "Elegir cartas",
        "kinds": "Tipos de carta",
        "topics": "Temas",
        "all": "Todas las cartas",
        "card": "Carta",
        "start": "Pulsa “Sacar una carta” para empezar.",
        "position": "Carta {n} de {total}",
        "pool": "Cartas para sacar: {total}",
        "done": "Ya salieron todas las cartas. Vuelve a sacar para empezar de nuevo.",
        "none": "Ninguna carta coincide con tu elección.",
        "keys": "Teclas: Intro o Espacio saca una carta; las flechas van atrás y adelante.",
        "content_note": "Aviso de contenido:",
        "levels": "Profundidad",
        "level_1": "Solo cartas ligeras",
        "level_2": "Cartas ligeras y medias",
        "level_3": "Todas las cartas, también las profundas",
        "made": "Hecho con cardgen",
    },
    "fr": {
        "draw": "Tirer une carte",
        "previous": "Précédente",
        "next": "Suivante",
        "choose": "Choisir les cartes",
        "kinds": "Types de carte",
        "topics": "Thèmes",
        "all": "Toutes les cartes",
        "card": "Carte",
        "start": "Appuyez sur « Tirer une carte » pour commencer.",
        "position": "Carte {n} sur {total}",
        "pool": "Cartes à tirer : {total}",
        "done": "Toutes les cartes ont été tirées. Tirez encore pour recommencer.",
        "none": "Aucune carte ne correspond à vos choix.",
        "keys": "Touches : Entrée ou Espace tire une carte ; les flèches reculent et avancent.",
        "content_note": "Avertissement :",
        "levels": "Profondeur",
        "level_1": "Cartes légères seulement",
        "level_2": "Cartes légères et moyennes",
        "level_3": "Toutes les cartes, même les plus profondes",
        "made": "Fait avec cardgen",
    },
    "de": {
        "draw": "Karte ziehen",
        "previous": "Zurück",
        "next": "Weiter",
        "choose": "Karten auswählen",
        "kinds": "Kartenarten",
        "topics": "Themen",
        "all": "Alle Karten",
        "card": "Karte",
        "start": "Drück „Karte ziehen“, um zu beginnen.",
        "position": "Karte {n} von {total}",
        "pool": "Karten zum Ziehen: {total}",
        "done": "Alle Karten sind gezogen. Zieh noch einmal, um neu zu beginnen.",
        "none": "Keine Karte passt zu deiner Auswahl.",
        "keys": "Tasten: Eingabe oder Leertaste zieht eine Karte; die Pfeiltasten blättern.",
        "content_note": "Inhaltshinweis:",
        "levels": "Wie tief",
        "level_1": "Nur leichte Karten",
        "level_2": "Leichte und mittlere Karten",
        "level_3": "Alle Karten, auch die tiefen",
        "made": "Gemacht mit cardgen",
    },
    "pt": {
        "draw": "Tirar uma carta",
        "previous": "Anterior",
        "next": "Próxima",
        "choose": "Escolher cartas",
        "kinds": "Tipos de carta",
        "topics": "Temas",
        "all": "Todas as cartas",
        "card": "Carta",
        "start": "Aperte “Tirar uma carta” para começar.",
        "position": "Carta {n} de {total}",
        "pool": "Cartas para tirar: {total}",
        "done": "Todas as cartas já saíram. Tire de novo para recomeçar.",
        "none": "Nenhuma carta corresponde à sua escolha.",
        "keys": "Teclas: Enter ou Espaço tira uma carta; as setas voltam e avançam.",
        "content_note": "Aviso de conteúdo:",
        "levels": "Profundidade",
        "level_1": "Só cartas leves",
        "level_2": "Cartas leves e médias",
        "level_3": "Todas as cartas, também as profundas",
        "made": "Feito com cardgen",
    },
    "ar": {
        "draw": "اسحب بطاقة",
        "previous": "السابقة",
        "next": "التالية",
        "choose": "اختر البطاقات",
        "kinds": "أنواع البطاقات",
        "topics": "المواضيع",
        "all": "كل البطاقات",
        "card": "بطاقة",
        "start": "اضغط «اسحب بطاقة» لتبدأ.",
        "position": "البطاقة {n} من {total}",
        "pool": "البطاقات المتبقية للسحب: {total}",
        "done": "سُحبت كل البطاقات. اسحب مرة أخرى لتبدأ من جديد.",
        "none": "لا توجد بطاقة تطابق اختيارك.",
        "keys": "المفاتيح: Enter أو المسافة لسحب بطاقة، والأسهم للتنقل ذهابًا وإيابًا.",
        "content_note": "تنبيه بشأن المحتوى:",
        "levels": "العمق",
        "level_1": "البطاقات الخفيفة فقط",
        "level_2": "البطاقات الخفيفة والمتوسطة",
        "level_3": "كل البطاقات، والعميقة أيضًا",
        "made": "صُنع باستخدام cardgen",
    },
    "zh": {
        "draw": "抽一张卡",
        "previous": "上一张",
        "next": "下一张",
        "choose": "选择卡片",
        "kinds": "卡片类型",
        "topics": "主题",
        "all": "全部卡片",
        "card": "卡片",
        "start": "按“抽一张卡”开始。",
        "position": "第 {n} 张，共 {total} 张",
        "pool": "可抽的卡片：{total} 张",
        "done": "所有卡片都抽完了。再抽一次就重新开始。",
        "none": "没有符合你选择的卡片。",
        "keys": "按键：Enter 或空格键抽卡；方向键前后翻看。",
        "content_note": "内容提示：",
        "levels": "深浅",
        "level_1": "只要轻松的卡片",
        "level_2": "轻松和中等的卡片",
        "level_3": "全部卡片，包括深入的",
        "made": "由 cardgen 制作",
    },
}

# Languages written right to left (ISO 639 codes), for the page's `dir`.
_RIGHT_TO_LEFT = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)


def _base(language: str) -> str:
    return (language or "en").replace("_", "-").split("-")[0].lower()


def screen_words(language: str) -> dict[str, str]:
    """The page's words for a language tag, falling back from pt-BR to pt, then to English."""
    return dict(WORDS.get(_base(language), WORDS["en"]))


def words_language(language: str) -> str | None:
    """The language of the page's own words when it is not the deck's ("en" for a deck
    in Hebrew, say), so they can be marked for screen readers; None when they match."""
    return None if _base(language) in WORDS else "en"


def direction(language: str) -> str:
    """ "rtl" for a language written right to left (ar, he, fa, ur, ...), otherwise "ltr"."""
    tag = (language or "").replace("_", "-").lower()
    if "-arab" in tag or "-hebr" in tag:  # a script subtag: ku-Arab, pa-Arab
        return "rtl"
    return "rtl" if _base(language) in _RIGHT_TO_LEFT else "ltr"
