package codepkg

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// matchPath reports whether a pattern's names match a path's names, where a
// "**" pattern name matches any number of path names (including none). The
// last "**" seen is the only backtracking point, as in a classic wildcard
// matcher, so the cost stays linear in practice and quadratic at worst.
func matchPath(pat, names []string) bool {
	pi, ni := 0, 0
	star, starNi := -1, 0
	for ni < len(names) {
		switch {
		case pi < len(pat) && pat[pi] == "**":
			star, starNi = pi, ni
			pi++
		case pi < len(pat) && matchName(pat[pi], names[ni]):
			pi++
			ni++
		case star >= 0:
			starNi++
			pi, ni = star+1, starNi
		default:
			return false
		}
	}
	for pi < len(pat) && pat[pi] == "**" {
		pi++
	}
	return pi == len(pat)
}

// matchName matches one file name against one pattern name with git's
// wildcards: "*" (any run of characters), "?" (one character), "[...]" (a
// class, "!" or "^" to negate, ranges, "[:digit:]"-style names) and "\" to
// quote the next character. An unterminated "[" is a literal, as minimatch
// (used by Serverless Devs) reads it.
func matchName(pat, name string) bool {
	pi, ni := 0, 0
	star, starNi := -1, 0
	for pi < len(pat) || ni < len(name) {
		if pi < len(pat) {
			if pat[pi] == '*' {
				star, starNi = pi, ni
				pi++
				continue
			}
			if ni < len(name) {
				if w, pw := matchOne(pat, pi, name[ni:]); w > 0 {
					pi += pw
					ni += w
					continue
				}
			}
		}
		if star < 0 || starNi >= len(name) {
			return false
		}
		// "*" gives up one byte at a time, as git's wildmatch and path.Match
		// do: only an invalid byte in a pattern can match inside a
		// character, and then it must ("*\xb5" matches "ĵ", C4 B5).
		starNi++
		pi, ni = star+1, starNi
	}
	return true
}

// matchOne matches the pattern item at pat[pi] (not "*") against the start
// of name. It returns the bytes of name consumed and of pat used, or 0, 0.
func matchOne(pat string, pi int, name string) (nameW, patW int) {
	r, w := utf8.DecodeRuneInString(name)
	switch pat[pi] {
	case '?':
		return w, 1
	case '[':
		if in, end, ok := matchClass(pat, pi+1, r); ok {
			if in {
				return w, end - pi
			}
			return 0, 0
		}
	case '\\':
		if pi+1 < len(pat) {
			_, lw := utf8.DecodeRuneInString(pat[pi+1:])
			if strings.HasPrefix(name, pat[pi+1:pi+1+lw]) {
				return lw, 1 + lw
			}
			return 0, 0
		}
	}
	// A literal: compare bytes, so that invalid UTF-8 still matches itself.
	_, lw := utf8.DecodeRuneInString(pat[pi:])
	if strings.HasPrefix(name, pat[pi:pi+lw]) {
		return lw, lw
	}
	return 0, 0
}

// matchClass reads the class that starts at pat[i], just after "[", and
// reports whether r is in it and where the class ends (after "]"). ok is
// false when no "]" closes it.
func matchClass(pat string, i int, r rune) (in bool, end int, ok bool) {
	negate := i < len(pat) && (pat[i] == '!' || pat[i] == '^')
	if negate {
		i++
	}
	for first := true; ; first = false {
		if i >= len(pat) {
			return false, 0, false
		}
		if pat[i] == ']' && !first {
			return in != negate, i + 1, true
		}
		if strings.HasPrefix(pat[i:], "[:") {
			if n := strings.Index(pat[i+2:], ":]"); n >= 0 {
				if is, known := posixClasses[pat[i+2:i+2+n]]; known {
					in = in || is(r)
					i += n + 4
					continue
				}
			}
		}
		lo, w := classChar(pat, i)
		i += w
		hi := lo
		if i+1 < len(pat) && pat[i] == '-' && pat[i+1] != ']' {
			hi, w = classChar(pat, i+1)
			i += 1 + w
		}
		in = in || lo <= r && r <= hi
	}
}

// classChar reads one character of a class, unquoting "\".
func classChar(pat string, i int) (rune, int) {
	if pat[i] == '\\' && i+1 < len(pat) {
		r, w := utf8.DecodeRuneInString(pat[i+1:])
		return r, 1 + w
	}
	return utf8.DecodeRuneInString(pat[i:])
}

var posixClasses = map[string]func(rune) bool{
	"alnum":  func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) },
	"alpha":  unicode.IsLetter,
	"blank":  func(r rune) bool { return r == ' ' || r == '\t' },
	"cntrl":  unicode.IsControl,
	"digit":  unicode.IsDigit,
	"graph":  func(r rune) bool { return unicode.IsGraphic(r) && !unicode.IsSpace(r) },
	"lower":  unicode.IsLower,
	"print":  unicode.IsPrint,
	"punct":  unicode.IsPunct,
	"space":  unicode.IsSpace,
	"upper":  unicode.IsUpper,
	"xdigit": func(r rune) bool { return strings.ContainsRune("0123456789abcdefABCDEF", r) },
}
