"""Boilerplate removal: navigation, comment prompts, share buttons, cookie and ad-blocker banners.

A vocabulary of such phrases matched on whole (folded) lines, plus line shape and position:
a trailing run of short chrome lines is cut, and a comment-section marker ends the article.
Every regex works on one bounded line, so the cost stays linear in the file size.
"""

from __future__ import annotations

import re
from functools import lru_cache

from motorpme.text import fold

# Lines are compared "folded": lower case, no accents, bullets and end punctuation trimmed.


def fold_line(line: str) -> str:
    # The header reads again the lines boilerplate removal folded: cached on the (bounded)
    # part that counts, so a 1 MB line is never kept.
    return _fold(line[:200]) if line else ""


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    text = fold(text)
    if not text.isascii():  # other non-ASCII signs (bullets, quotes) go too
        text = text.encode("ascii", "ignore").decode()
    return " ".join(text.split()).strip(' -*>|:.,;!"()[]')


def has_words(line: str, n: int) -> bool:
    """``len(line.split()) >= n``, without splitting a long line past its n-th word."""
    return len(line.split(None, n - 1)) >= n


def collapse_blank_lines(text: str) -> str:
    """At most one blank line in a row."""
    return _BLANK_LINES.sub("\n\n", text) if "\n\n\n" in text else text


_BLANK_LINES = re.compile(r"\n{3,}")


def _words(phrases: str) -> frozenset[str]:
    return frozenset(p.strip() for p in phrases.split("|") if p.strip())


# Whole-line phrases that are never article text, wherever they appear.
_CHROME = _words("""voir plus|voir tout|voir tous|lire la suite|afficher plus|charger plus|
fermer|partager|partagez|partager l'article|partager cet article|imprimer|imprimer l'article|
envoyer|copier le lien|lien copie|tweeter|publicite|annonce|sponsorise|contenu sponsorise|
contenus sponsorises|adblock detecte|bloqueur de publicite detecte|
bouton retour en haut de la page|retour en haut|retour en haut de la page|haut de page|
a la une|en direct|en continu|fil info|etiquette|etiquettes|tags|tag|mots-cles|mots cles|
lire aussi|a lire aussi|lire egalement|a lire egalement|voir aussi|a voir aussi|a lire|
sur le meme sujet|sur le meme theme|dans la meme rubrique|articles similaires|articles lies|
vous aimerez aussi|a decouvrir|a decouvrir aussi|les plus lus|les plus partages|
nos derniers articles|derniers articles|dernieres actualites|newsletter|la newsletter|
abonnez-vous|s'abonner|je m'abonne|se connecter|connexion|mon compte|deconnexion|
creer un compte|menu|rechercher|suivez-nous|suivez-nous sur|nous suivre|tous droits reserves|
mentions legales|plan du site|politique de confidentialite|gestion des cookies|
parametrer les cookies|accepter|tout accepter|refuser|tout refuser|accepter et fermer|
continuer sans accepter|j'accepte|signaler un abus|repondre|j'aime|annuler la reponse|
article precedent|article suivant|precedent|suivant|ecouter l'article|ecouter cet article""")
# Section names: navigation at the very top or in the trailing block, possible text elsewhere.
_NAV = _words("""accueil|actualite|actualites|actu|actus|toute l'actualite|infos|sport|sports|
economie|politique|societe|culture|loisirs|video|videos|podcast|podcasts|photos|galerie|
diaporama|services|contact|contactez-nous|faits divers|meteo|emploi|annonces|boutique|agenda|
region|monde|studio|blog|forum|archives|recherche|magazine|le mag|edition du jour""")
_SOCIAL = _words("""facebook|twitter|x|linkedin|whatsapp|pinterest|email|e-mail|mail|
messenger|imprimer|partager|partagez|tweet|tweeter|reddit|telegram|flipboard|copier|lien|
tumblr|viadeo|xing|vk|viber|skype|threads|bluesky|mastodon|pocket|line|mix|google+|+|
le|google|instagram|youtube|tiktok|snapchat|sms|envoyer|share|print|sur""")
# Comment sections: once one starts after the article body, nothing below is article text.
_COMMENTS = re.compile(
    r"(?:\d+ )?commentaires?(?: \(\d+\))?|(?:laisser|laissez|ajouter|poster|publier|ecrire) "
    r"un commentaire|commenter(?: l'article| cet article)?|reagir(?: a cet article)?|"
    r"vos reactions|vos commentaires|\d+ reactions?|les commentaires sont fermes|"
    r"connectez-vous pour (?:commenter|reagir).*|vous devez etre connecte pour .{0,60}|"
    r"soyez le premier a (?:commenter|reagir).*|donnez votre avis|votre avis nous interesse|"
    r"reagissez(?: a cet article)?"
)
# Banners: matched at the start of a line, whatever its length.
_BANNER = re.compile(
    r"(?:ce site|nous) (?:utilise|utilisons) (?:des )?(?:cookies|traceurs|akismet)|"
    r"en (?:poursuivant|continuant) (?:votre navigation|a naviguer|sur ce site)|"
    r"(?:votre|ton) adresse (?:e-?mail|mail|de messagerie|electronique|courriel) ne sera pas|"
    r"les champs obligatoires sont|enregistrer mon nom|adblock|"
    r"s'il vous plait,? .{0,40}(?:soutenir|desactive|bloqueur)|"
    r"(?:merci de|veuillez|pensez a) (?:desactiver|mettre en pause) (?:votre|le|l')|"
    r"(?:vous utilisez|vous semblez utiliser|nous avons detecte) (?:un )?(?:bloqueur|adblock)|"
    r"(?:inscrivez-vous|abonnez-vous|recevez|s'inscrire|s'abonner|je m'inscris) .{0,40}"
    r"(?:newsletter|lettre d'information)|(?:cet article|ce contenu) est reserve aux abonnes|"
    r"il vous reste \d+ ?% |deja abonne|copyright |"
    # subscription and login walls, prompts to click, reading time
    r"(?:abonnez-vous|connectez-vous|identifiez-vous|inscrivez-vous|veuillez|cliquez|"
    r"pour lire la suite|pour continuer a lire|offre (?:d'essai|speciale|numerique)|"
    r"(?:temps de )?lecture ?:? ?\d+ ?min|\d+ ?min(?:utes?)? de lecture)\b|"
    r"cet article vous a (?:plu|interesse)|"
    r"retrouvez .{0,80}(?:sur (?:notre|nos) (?:page|compte|site|appli|reseaux)|"
    r"facebook|twitter|instagram)"
)
# Short lines only (<= 30 words): cross-links and share prompts carry another page's title.
_SHORT_BANNER = re.compile(
    r"(?:a )?(?:lire|voir) (?:aussi|egalement)\b|sur le meme sujet\b|partagez? (?:sur|cet|l')|"
    r".{0,120}tous droits reserves"
)
_CROSS_LINK = re.compile(r"\s*(?:→|►|▶|➜|➔|>>)\s*\S")
_BREADCRUMB = re.compile(r"\w\.[A-ZÀ-Ý]\w|\s[>›|]\s|»")
_SENTENCE_END = re.compile(r"[.!?…]['\"»)]*$")
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d\d\b")


_TOKEN_SEP = re.compile(r"[\s,|/]+")


def _is_chrome(line: str, folded: str) -> bool:
    if not folded:
        return False
    if folded in _CHROME or _BANNER.match(folded) or ("©" in line and line.lstrip()[:1] == "©"):
        return True
    if is_menu_row(line):
        return True
    if _CROSS_LINK.match(line) and not _SENTENCE_END.search(line) and not has_words(line, 21):
        return True  # "→ Circuit de Charade : la saison lancée": another article's title
    words = folded.split()  # at most 200 characters
    if len(words) > 30:
        return False
    if _SHORT_BANNER.match(folded):
        return True
    if len(words) > 8:
        return False
    tokens = _TOKEN_SEP.split(folded)
    return all(t in _SOCIAL for t in tokens) and tokens != ["le"]


# A menu row: six or more capitalised words and nothing else but particles ("Bretagne
# Normandie Occitanie Grand Est ..."); never a sentence, a list with commas, nor a headline
# in capitals.
_PARTICLES = frozenset(["de", "la", "le", "les", "du", "des", "d'", "l'", "et", "en", "sur"])


def is_menu_row(line: str) -> bool:
    words = line[:300].split()
    if len(words) < 6 or _SENTENCE_END.search(line) or line.isupper() or "," in line:
        return False  # a list of names with commas is article text (credits, a team)
    return all(
        w.rsplit("'", 1)[-1][:1].isupper() or w.lower() in _PARTICLES or w in "-•|·" for w in words
    )


def is_content(line: str) -> bool:
    """A real paragraph: a sentence of 8+ words ending in punctuation."""
    return has_words(line, 8) and bool(_SENTENCE_END.search(line.rstrip()))


def _is_short(line: str) -> bool:
    """Could be a footer, tag list or menu item: short, no sentence end, no contact."""
    return (
        not has_words(line, 13)
        and "@" not in line
        and "http" not in line
        and not _SENTENCE_END.search(line)
    )


def _top_nav_end(lines: list[str], folded: list[str]) -> int:
    """Index of the first line after a leading run of breadcrumbs and menu words."""
    i = 0
    while i < len(lines) and i < 8:
        line = lines[i]
        is_crumb = (
            not has_words(line, 9)
            and _BREADCRUMB.search(line)
            and "«" not in line
            and not _SENTENCE_END.search(line)
            and not _NUMERIC_DATE.search(line)  # "PAU | 23/06/2009 | 06:00" dates the article
        )
        if line and not (is_crumb or folded[i] in _NAV or folded[i] in _CHROME):
            break
        i += 1
    return i


def _tail_start(lines: list[str], folded: list[str]) -> int:
    """Start of the trailing block of chrome (plus short lines after its first chrome line)."""
    start = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        chrome = (
            _is_chrome(lines[i], folded[i]) or folded[i] in _NAV or _COMMENTS.fullmatch(folded[i])
        )
        if chrome:
            start = i
        elif lines[i] and not _is_short(lines[i]):
            break
    return start


_MENU_ITEM = re.compile(r"\s*[•·*▪►‣◦-]\s+\S")


def _menu_lists(lines: list[str]) -> set[int]:
    """Lines of a run of five or more short bullet items: a menu ("• Bretagne", "• Corse")."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        item = (
            _MENU_ITEM.match(line) is not None
            and not has_words(line, 6)
            and not _SENTENCE_END.search(line.rstrip())
        )
        if item:
            run.append(i)
            continue
        if len(run) >= 5:
            found.update(run)
        run = []
    return found


def strip_boilerplate(text: str) -> str:
    """Drop navigation, banners, share buttons, comment sections and trailing menus."""
    lines = text.split("\n")
    folded = [fold_line(line) for line in lines]
    top = _top_nav_end(lines, folded)
    end = _tail_start(lines, folded)
    menus = _menu_lists(lines) if "•" in text or "- " in text or "* " in text else set()
    kept: list[str] = []
    seen_content = False
    skip_next_title = False
    for i in range(top, end):
        line, key = lines[i], folded[i]
        if seen_content and _COMMENTS.fullmatch(key):
            break
        if i in menus or _is_chrome(line, key):
            # A lone "Lire aussi" introduces the linked article's title on the next line.
            skip_next_title = key in {"lire aussi", "a lire aussi", "voir aussi", "a lire"}
            continue
        if skip_next_title and line:
            skip_next_title = False
            if not has_words(line, 21) and not _SENTENCE_END.search(line):
                continue
        seen_content = seen_content or is_content(line)
        kept.append(line)
    return collapse_blank_lines("\n".join(kept)).strip()


# Separators no name spans: a middle dot, a bar or a bullet between spaces.
_HARD_SEP = re.compile(r"\s+[·|•]\s+")
# In a short rubric line a spaced dash or ">" separates too ("Tarn - Albi").
_RUBRIC_SEP = re.compile(r"\s+[-–—·|>•/›]\s+")
_RUBRIC_PART = re.compile(r"[A-ZÀ-Ý0-9][\w'’./:-]*(?: [\w'’.-]+){0,2}")


def is_rubric(line: str) -> bool:
    """A section or breadcrumb line: "Gers - Économie", "AUVERGNE · INDUSTRIE", "SPORT AUTO".

    Two to four capitalised parts of at most three words joined by separators, or a short
    line in capitals; never a sentence.
    """
    line = line.strip()
    if not line or _SENTENCE_END.search(line) or len(line) > 60:
        return False
    parts = _RUBRIC_SEP.split(line)
    if 2 <= len(parts) <= 4:
        return all(_RUBRIC_PART.fullmatch(p) for p in parts)
    letters = [c for c in line if c.isalpha()]
    return not has_words(line, 4) and len(letters) >= 3 and all(c.isupper() for c in letters)


def segments(line: str) -> list[tuple[int, str]]:
    """(offset, text) of the non-blank pieces of a line that no entity may cross."""
    sep = _RUBRIC_SEP if is_rubric(line) else _HARD_SEP
    out, pos = [], 0
    for match in [*sep.finditer(line), None]:
        end = match.start() if match else len(line)
        if line[pos:end].strip():
            out.append((pos, line[pos:end]))
        pos = match.end() if match else pos
    return out
