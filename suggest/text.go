package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// word is one word of a note as the matcher sees it.
type word struct {
	surface string // lower-cased, spelling and abbreviation normalised
	stem    string // after stemming and aliasing
	start   int    // byte span of the word in the note's text (an expanded
	end     int    // abbreviation shares the span of what was typed)
	stop    bool   // a function word: cuts the head, carries no meaning
	head    bool   // part of the head phrase (before any modifier)
}

// rawWord is a run of letters and digits as typed, with what separates it
// from the word before.
type rawWord struct {
	text       string // as typed
	start, end int
	paren      bool // inside parentheses
	breakerBef bool // a comma, colon, semicolon, dash or bracket came before
}

// scan splits a text into words. Apostrophes inside a word are dropped
// ("library's" -> "library", "don't" -> "dont"); hyphens and dots between
// letters join ("on-call" -> "oncall", "e-books" -> "ebooks"); "&" and "+"
// read as "and".
func scan(text string) []rawWord {
	var out []rawWord
	var b strings.Builder
	start := -1
	depth := 0
	breaker := false
	flush := func(end int) {
		if start < 0 {
			return
		}
		t := b.String()
		if strings.HasSuffix(t, "'s") || strings.HasSuffix(t, "’s") {
			t = strings.TrimSuffix(strings.TrimSuffix(t, "'s"), "’s")
		}
		if strings.ContainsAny(t, "'’") {
			t = strings.ReplaceAll(strings.ReplaceAll(t, "'", ""), "’", "")
		}
		if t != "" {
			out = append(out, rawWord{text: t, start: start, end: end, paren: depth > 0, breakerBef: breaker})
		}
		breaker = false
		b.Reset()
		start = -1
	}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			b.WriteRune(fold(r))
		case (r == '\'' || r == '’' || r == '-' || r == '.') && start >= 0 && i+n < len(text):
			// Joins only between letters or digits.
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if unicode.IsLetter(next) || unicode.IsDigit(next) {
				if r == '\'' || r == '’' {
					b.WriteRune(r)
				}
				break
			}
			flush(i)
			if r != '\'' && r != '’' {
				breaker = true
			}
		default:
			flush(i)
			switch r {
			case '(', '[', '{':
				depth++
				breaker = true
			case ')', ']', '}':
				if depth > 0 {
					depth--
				}
				breaker = true
			case ',', ';', ':', '-', '–', '—', '/', '|', '!', '?', '.':
				breaker = true
			case '&', '+':
				out = append(out, rawWord{text: "and", start: i, end: i + n, paren: depth > 0})
			}
		}
		i += n
	}
	flush(len(text))
	return out
}

// fold maps a few accented Latin letters to their plain forms, so "café"
// and "cafe" match.
func fold(r rune) rune {
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å':
		return 'a'
	case 'ç', 'Ç':
		return 'c'
	case 'è', 'é', 'ê', 'ë', 'È', 'É', 'Ê', 'Ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï', 'Ì', 'Í', 'Î', 'Ï':
		return 'i'
	case 'ñ', 'Ñ':
		return 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö', 'Ø':
		return 'o'
	case 'ù', 'ú', 'û', 'ü', 'Ù', 'Ú', 'Û', 'Ü':
		return 'u'
	}
	return r
}

// words turns a note's text into words: abbreviations expanded, British
// spellings mapped to American ones, stems taken, and the head phrase
// marked. The head phrase is what comes before the first modifier: a
// preposition or relative ("Engineers on the product squads", "Students
// who need quiet"), a participle clause ("Data scientists training
// models"), a bracket or a comma.
func words(text string) []word {
	var ws []word
	for _, r := range scan(text) {
		low := strings.ToLower(r.text)
		// All-capitals "IT" is the department, not the pronoun.
		if r.text == "IT" {
			low = "infotech"
		}
		exp := expand(low)
		for j, e := range exp {
			w := word{surface: e, start: r.start, end: r.end}
			_, w.stop = stopWords[e]
			w.head = !r.paren
			if j == 0 && r.breakerBef && len(ws) > 0 {
				w.head = false // marks a cut below
			}
			ws = append(ws, w)
		}
	}
	// The head runs from the first word up to the first cut.
	cut := len(ws)
	for i := range ws {
		w := ws[i]
		if i > 0 && !w.head {
			cut = i
			break
		}
		if i == 0 {
			continue
		}
		if _, ok := cutWords[w.surface]; ok {
			cut = i
			break
		}
		if participle(ws, i) {
			cut = i
			break
		}
	}
	for i := range ws {
		ws[i].head = i < cut
		ws[i].stem = stemWord(ws[i].surface)
	}
	return ws
}

// participle reports whether ws[i] opens a participle clause after the
// head noun: an -ing word that is not a known noun or adjective
// ("watching", "training" after a plural), as in "Finance team watching
// the cloud bill" but not "Machine learning team".
func participle(ws []word, i int) bool {
	s := ws[i].surface
	if !strings.HasSuffix(s, "ing") || len(s) < 5 {
		return false
	}
	prev := ws[i-1].surface
	if prev == "and" || prev == "or" {
		return false
	}
	if _, nounish := ingNouns[s]; !nounish {
		return true
	}
	// A known -ing noun still opens a clause after a plural noun
	// ("Seniors learning to use e-books") when more words follow.
	return i+1 < len(ws) && strings.HasSuffix(prev, "s") && !strings.HasSuffix(prev, "ss") && len(prev) > 3
}

// expand returns the words a typed word stands for: an abbreviation's
// expansion ("sre" -> site reliability engineer, "devs" -> developers), a
// British spelling's American one, or the word itself.
func expand(w string) []string {
	if e, ok := abbreviations[w]; ok {
		return strings.Fields(e)
	}
	if strings.HasSuffix(w, "s") && len(w) > 2 {
		if e, ok := abbreviations[w[:len(w)-1]]; ok {
			f := strings.Fields(e)
			f[len(f)-1] = plural(f[len(f)-1])
			return f
		}
	}
	if a, ok := spellings[w]; ok {
		return []string{a}
	}
	return []string{britishToAmerican(w)}
}

func plural(w string) string {
	if strings.HasSuffix(w, "s") {
		return w
	}
	if strings.HasSuffix(w, "y") && len(w) > 2 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])) {
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

// britishToAmerican applies the regular spelling differences: -ise/-yse
// verbs and their forms (organise, analyse), -logue (catalogue), -our
// (behaviour) and -tre/-bre (centre, fibre) are listed in spellings.
func britishToAmerican(w string) string {
	for _, suf := range []string{"isations", "isation", "ising", "ised", "isers", "iser", "ises", "ise"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			base := w[:len(w)-len(suf)]
			if _, ok := notIse[w]; ok {
				return w
			}
			return base + "iz" + suf[2:]
		}
	}
	for _, suf := range []string{"ysing", "ysed", "ysers", "yser", "yses", "yse"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			return w[:len(w)-len(suf)] + "yz" + suf[2:]
		}
	}
	if strings.HasSuffix(w, "logues") {
		return strings.TrimSuffix(w, "ues") + "s"
	}
	if strings.HasSuffix(w, "logue") {
		return strings.TrimSuffix(w, "ue")
	}
	return w
}

// stemWord reduces a word to a stem shared by its inflections and common
// derivations ("families" -> family, "testing" -> test, "management" and
// "managing" -> manag, "librarians" and "library" -> librar), or to the
// label the lexicon's aliases give it (kids -> child, squads -> team).
// Agent nouns keep their -er ("shoppers" are not "shops").
func stemWord(w string) string {
	if a, ok := aliases[w]; ok {
		return a
	}
	if a, ok := aliases[singular(w)]; ok {
		return a
	}
	return stem(w)
}

// singular undoes a regular plural ending.
func singular(w string) string {
	switch {
	case len(w) <= 3:
		return w
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

func stem(w string) string {
	if s, ok := irregular[w]; ok {
		return s
	}
	if len(w) <= 3 || !isLetters(w) {
		return w
	}
	w = singular(w)
	// Up to two derivational suffixes ("leadership" -> leader -> lead).
	stripped := false
	for range 2 {
		cut := false
		for _, r := range suffixes {
			if strings.HasSuffix(w, r.suffix) && len(w)-len(r.suffix) >= r.min {
				w = w[:len(w)-len(r.suffix)]
				cut, stripped = true, true
				break
			}
		}
		if !cut {
			break
		}
	}
	// Undouble a consonant left by a suffix: planning -> plann -> plan.
	if stripped && len(w) >= 4 {
		a, b := w[len(w)-1], w[len(w)-2]
		if a == b && !strings.ContainsRune("aeiouylsfz", rune(a)) {
			w = w[:len(w)-1]
		}
	}
	if len(w) >= 5 && (strings.HasSuffix(w, "e") || strings.HasSuffix(w, "y")) {
		w = w[:len(w)-1]
	}
	return w
}

var suffixes = []struct {
	suffix string
	min    int // letters that must remain
}{
	{"izations", 3}, {"ization", 3}, {"ations", 3}, {"ation", 3}, {"ators", 3}, {"ator", 3},
	{"ements", 4}, {"ement", 4}, {"ments", 4}, {"ment", 4},
	{"ships", 4}, {"ship", 4}, {"ness", 4},
	{"ings", 3}, {"ing", 3},
	{"ists", 3}, {"ist", 3}, {"ians", 4}, {"ian", 4},
	{"ity", 4}, {"ial", 5}, {"ed", 4},
}

func isLetters(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
