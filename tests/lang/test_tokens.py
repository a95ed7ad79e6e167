"""The shared token stream: the grammar's own terminals, tolerant of anything typed."""

from __future__ import annotations

from scenec.lang.tokens import TokenKind, keywords, lex, lex_line


def _kinds(text: str) -> list[tuple[str, TokenKind]]:
    return [(t.text, t.kind) for t in lex(text)]


def test_tokens_carry_the_grammar_terminals_kinds_and_spans() -> None:
    text = 'layer sun: circle(at: (50%, 72%), fill: #ffd36b) depth 0.1 // the sun'
    tokens = lex(text)
    assert all(text[t.start:t.end] == t.text for t in tokens)
    found = _kinds(text)
    assert ("layer", TokenKind.KEYWORD) in found and ("sun", TokenKind.NAME) in found
    assert ("50%", TokenKind.NUMBER) in found and ("#ffd36b", TokenKind.COLOR) in found
    assert ("// the sun", TokenKind.COMMENT) in found and ("(", TokenKind.PUNCTUATION) in found
    assert tokens[0].terminal == "LAYER" and "layer" in keywords() and "sun" not in keywords()


def test_an_unlexable_character_is_an_error_token_and_lexing_goes_on() -> None:
    found = _kinds('shot a 1s { $ layer ç x: rect() }')
    assert ("$", TokenKind.ERROR) in found and ("ç", TokenKind.ERROR) in found
    assert ("layer", TokenKind.KEYWORD) in found and found[-1] == ("}", TokenKind.PUNCTUATION)


def test_unclosed_strings_end_at_the_line_and_unclosed_comments_at_the_text() -> None:
    tokens = lex('title "open\nlayer /* never closed\nshot')
    string = next(t for t in tokens if t.kind is TokenKind.STRING)
    assert string.text == '"open' and not string.closed
    assert tokens[2].text == "layer" and tokens[3].kind is TokenKind.COMMENT and not tokens[3].closed
    assert tokens[3].end == len('title "open\nlayer /* never closed\nshot')


def test_lines_lex_alone_given_whether_they_start_in_a_comment() -> None:
    tokens, still = lex_line("two */ layer x", in_comment=True)
    assert (tokens[0].text, tokens[0].start, tokens[0].end) == ("two */", 0, 6) and not still
    assert tokens[1].text == "layer" and tokens[1].start == 7
    tokens, still = lex_line("shot /* a", in_comment=False)
    assert still and tokens[-1].kind is TokenKind.COMMENT
    assert lex_line("all comment", in_comment=True)[1]
