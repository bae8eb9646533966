package suggest

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// doc is one analysed text.
type doc struct {
	text string
	ws   []word
	vec  []feat   // by feature id, unit length
	bits []uint64 // the features vec holds, as a bit set
	// specific lists, for each word of the head phrase that says who
	// (not a generic word), its feature and those of its concepts.
	specific [][]int
}

type feat struct {
	id int
	w  float64
}

const (
	// tailWeight is how much a word after the head phrase counts.
	tailWeight = 0.4
	// tailOnlyWeight is how much it counts when the head says nothing
	// but "people" or "team" ("People looking for work").
	tailOnlyWeight = 0.9
	// coveredWeight is how much a word counts when a concept of the
	// lexicon stands for it: the concept carries the meaning, so
	// "Data scientists" and "ML engineers" meet on it.
	coveredWeight = 0.6
)

// lex is the lexicon prepared for matching: keys turned into stems.
type lexT struct {
	generic  map[string]float64
	concepts map[string][]conceptHit // by space-joined stems
	maxLen   int
	known    map[string]struct{} // surface words the lexicon names
}

type conceptHit struct {
	name   string
	weight float64
}

var lex = sync.OnceValue(func() *lexT {
	l := &lexT{generic: map[string]float64{}, concepts: map[string][]conceptHit{}, known: map[string]struct{}{}}
	for _, k := range sortedKeys(generic) {
		s := stemWord(k)
		if w, ok := l.generic[s]; !ok || generic[k] < w {
			l.generic[s] = generic[k]
		}
	}
	for _, c := range concepts {
		for _, p := range strings.Split(c.phrases, ",") {
			var stems []string
			ws := words(strings.TrimSpace(p))
			for _, w := range ws {
				if !w.stop {
					stems = append(stems, w.stem)
				}
				l.known[w.surface] = struct{}{}
			}
			if len(stems) == 0 || (len(stems) == 1 && len(ws) > 1) {
				// "on call" or "special needs" without their function
				// words would be any "call" or "special".
				continue
			}
			key := strings.Join(stems, " ")
			hits := l.concepts[key]
			if i := slices.IndexFunc(hits, func(h conceptHit) bool { return h.name == c.name }); i >= 0 {
				hits[i].weight = max(hits[i].weight, c.weight)
			} else {
				l.concepts[key] = append(hits, conceptHit{c.name, c.weight})
			}
			l.maxLen = max(l.maxLen, len(stems))
		}
	}
	for _, m := range []map[string]string{abbreviations, spellings, aliases, irregular} {
		for k, v := range m {
			l.known[k] = struct{}{}
			for _, f := range strings.Fields(v) {
				l.known[f] = struct{}{}
			}
		}
	}
	for k := range generic {
		l.known[k] = struct{}{}
	}
	for k := range ingNouns {
		l.known[k] = struct{}{}
	}
	return l
})

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// analyze turns texts into docs with unit feature vectors. The first
// counted texts are the workshop's notes: with idf, a feature's weight
// grows with its rarity among them.
func analyze(texts []string, counted int, idf bool) []doc {
	l := lex()
	docs := make([]doc, len(texts))
	for i, t := range texts {
		docs[i] = doc{text: t, ws: words(t)}
	}
	joinSplitWords(docs)
	fixTypos(docs, l)

	ids := map[string]int{}
	raw := make([]map[int]float64, len(docs))
	for i := range docs {
		raw[i] = docFeatures(&docs[i], l, ids)
	}
	df := make([]int, len(ids))
	for i := range counted {
		for id := range raw[i] {
			df[id]++
		}
	}
	for i := range docs {
		v := make([]feat, 0, len(raw[i]))
		var norm float64
		for id, w := range raw[i] {
			if idf {
				w *= math.Log(1 + float64(max(counted, 1))/float64(max(df[id], 1)))
			}
			v = append(v, feat{id, w})
			norm += w * w
		}
		slices.SortFunc(v, func(a, b feat) int { return a.id - b.id })
		// Sum in id order so the result never depends on map order.
		norm = 0
		for _, f := range v {
			norm += f.w * f.w
		}
		if norm > 0 {
			n := math.Sqrt(norm)
			for k := range v {
				v[k].w /= n
			}
		}
		docs[i].vec = v
	}
	words := (len(ids) + 63) / 64
	bits := make([]uint64, words*len(docs))
	for i := range docs {
		docs[i].bits = bits[i*words : (i+1)*words : (i+1)*words]
		for _, f := range docs[i].vec {
			docs[i].bits[f.id>>6] |= 1 << (f.id & 63)
		}
	}
	return docs
}

// docFeatures returns a doc's features: its word stems and concepts,
// weighted by position and genericity.
func docFeatures(d *doc, l *lexT, ids map[string]int) map[int]float64 {
	out := map[int]float64{}
	add := func(name string, w float64) {
		id, ok := ids[name]
		if !ok {
			id = len(ids)
			ids[name] = id
		}
		out[id] = max(out[id], w)
	}
	var content []word
	for _, w := range d.ws {
		if !w.stop && w.stem != "" {
			content = append(content, w)
		}
	}
	// Concepts, longest phrase first at each position.
	type hit struct {
		name   string
		weight float64
		head   bool
	}
	var hits []hit
	wordConcepts := make([][]string, len(content))
	headSays := false
	covered := make([]bool, len(content))
	// Longest match first: "Pen testers" is security, not also QA.
	for i := 0; i < len(content); {
		n := min(l.maxLen, len(content)-i)
		for ; n >= 1; n-- {
			parts := make([]string, n)
			for k := range n {
				parts[k] = content[i+k].stem
			}
			if cs, ok := l.concepts[strings.Join(parts, " ")]; ok {
				for _, c := range cs {
					hits = append(hits, hit{c.name, c.weight, content[i].head})
					for k := range n {
						wordConcepts[i+k] = append(wordConcepts[i+k], c.name)
					}
					if content[i].head && c.weight >= 0.6 {
						headSays = true
					}
					if c.weight >= 0.9 {
						for k := range n {
							covered[i+k] = true
						}
					}
				}
				break
			}
		}
		i += max(n, 1)
	}
	for _, w := range content {
		if w.head && genericWeight(l, w.stem) >= 0.6 {
			headSays = true
		}
	}
	pos := func(head bool) float64 {
		switch {
		case head:
			return 1
		case headSays:
			return tailWeight
		}
		return tailOnlyWeight
	}
	for i, w := range content {
		cw := 1.0
		if covered[i] {
			cw = coveredWeight
		}
		add("w:"+w.stem, pos(w.head)*genericWeight(l, w.stem)*cw)
	}
	for _, h := range hits {
		add("c:"+h.name, pos(h.head)*h.weight)
	}
	d.specific = nil
	for i, w := range content {
		if !w.head || genericWeight(l, w.stem) < 0.6 {
			continue
		}
		unit := []int{ids["w:"+w.stem]}
		for _, c := range wordConcepts[i] {
			unit = append(unit, ids["c:"+c])
		}
		d.specific = append(d.specific, unit)
	}
	return out
}

// siblingPenalty scales the similarity of two notes whose head phrases
// each say something the other does not ("Gift buyers" and "Repeat
// buyers", "Hospital managers" and "Hospital pharmacy team"): they name
// neighbouring kinds of people that merely share a word.
const siblingPenalty = 0.6

// sim is the similarity of two docs: the cosine of their features, less
// for siblings.
func sim(a, b *doc) float64 {
	s := dot(a.vec, b.vec)
	if s > 0 && siblings(a, b) {
		s *= siblingPenalty
	}
	return s
}

func siblings(a, b *doc) bool { return saysMore(a, b) && saysMore(b, a) }

// saysMore reports whether a's head has a specific word that b matches
// neither by word nor by concept.
func saysMore(a, b *doc) bool {
	for _, unit := range a.specific {
		matched := false
		for _, id := range unit {
			if b.bits[id>>6]&(1<<(id&63)) != 0 {
				matched = true
				break
			}
		}
		if !matched {
			return true
		}
	}
	return false
}

func genericWeight(l *lexT, stem string) float64 {
	if g, ok := l.generic[stem]; ok {
		return g
	}
	return 1
}

// joinSplitWords joins two adjacent words when, written together, they
// are a word another note uses ("front end" and "frontend").
func joinSplitWords(docs []doc) {
	vocab := map[string]struct{}{}
	for _, d := range docs {
		for _, w := range d.ws {
			vocab[w.surface] = struct{}{}
		}
	}
	for di := range docs {
		ws := docs[di].ws
		for i := 0; i+1 < len(ws); i++ {
			a, b := ws[i], ws[i+1]
			if a.head != b.head {
				continue
			}
			j := a.surface + b.surface
			if _, ok := stopWords[j]; ok {
				continue
			}
			_, inVocab := vocab[j]
			_, known := lex().known[j]
			if !known && (!inVocab || a.stop || b.stop) {
				continue
			}
			ws[i] = word{surface: j, stem: stemWord(j), start: a.start, end: b.end, head: a.head}
			ws = slices.Delete(ws, i+1, i+2)
		}
		docs[di].ws = ws
	}
}

// fixTypos maps a word to a more common word of the workshop that it is
// one edit away from (two for long words), keeping the first letter:
// "Enginers" reads as "engineers". Words the lexicon knows are never
// changed, nor changed into one another.
func fixTypos(docs []doc, l *lexT) {
	df := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, w := range d.ws {
			if !w.stop && !seen[w.surface] {
				seen[w.surface] = true
				df[w.surface]++
			}
		}
	}
	byFirst := map[byte][]string{}
	for _, s := range sortedKeys(df) {
		if len(s) >= 5 && isLetters(s) {
			byFirst[s[0]] = append(byFirst[s[0]], s)
		}
	}
	fix := map[string]string{}
	for _, s := range sortedKeys(df) {
		if len(s) < 6 || !isLetters(s) {
			continue
		}
		_, sKnown := l.known[s]
		if sKnown {
			continue
		}
		best := ""
		for _, t := range byFirst[s[0]] {
			if t == s || abs(len(t)-len(s)) > 2 {
				continue
			}
			limit := 1
			if len(s) >= 9 && len(t) >= 9 {
				limit = 2
			}
			_, tKnown := l.known[t]
			// The more common word wins; between equals, the one the
			// lexicon knows, then the alphabetically first.
			better := df[t] > df[s] || (df[t] == df[s] && (tKnown || t < s))
			if !better || stem(t) == stem(s) || editDistance(s, t, limit) > limit {
				continue
			}
			if best == "" || df[t] > df[best] || (df[t] == df[best] && t < best) {
				best = t
			}
		}
		if best != "" {
			fix[s] = best
		}
	}
	if len(fix) == 0 {
		return
	}
	for di := range docs {
		for i, w := range docs[di].ws {
			if t, ok := fix[w.surface]; ok {
				docs[di].ws[i].surface = t
				docs[di].ws[i].stem = stemWord(t)
			}
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the Damerau (optimal string alignment) distance between
// a and b, or limit+1 once it is sure to exceed limit.
func editDistance(a, b string, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func dot(a, b []feat) float64 {
	var s float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			s += a[i].w * b[j].w
			i++
			j++
		}
	}
	return s
}

// headName is the doc's head phrase as typed, without a leading article;
// the text's first words when the head is one generic word ("People
// looking for work").
func (d doc) headName() string {
	l := lex()
	first, last := -1, -1
	says := false
	for i, w := range d.ws {
		if !w.head {
			break
		}
		if first < 0 && w.stop {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
		if !w.stop && genericWeight(l, w.stem) >= 0.6 {
			says = true
		}
	}
	text := strings.TrimSpace(d.text)
	content := 0
	for i := first; i >= 0 && i <= last; i++ {
		if !d.ws[i].stop {
			content++
		}
	}
	if first < 0 || (!says && content < 2) {
		// The first words of the text, cut before a trailing function word.
		end := min(len(d.ws), maxNameWords)
		for end > 1 && d.ws[end-1].stop {
			end--
		}
		if len(d.ws) == 0 {
			return text
		}
		start := 0
		for start < end-1 && d.ws[start].stop && (d.ws[start].surface == "the" || d.ws[start].surface == "our" || d.ws[start].surface == "a" || d.ws[start].surface == "an") {
			start++
		}
		return d.text[d.ws[start].start:d.ws[end-1].end]
	}
	last = min(last, first+maxNameWords-1)
	for last > first && d.ws[last].stop {
		last--
	}
	return d.text[d.ws[first].start:d.ws[last].end]
}

// maxNameWords bounds a proposed name: a head phrase typed as a sentence
// still gives a name that fits a column.
const maxNameWords = 6

// minorWords stay lower case inside a title.
var minorWords = set(`a an the and or nor but of for to in on at with by from as vs via per`)

// titleCase capitalises each word but minor ones. Acronyms the lexicon
// knows are written as such ("sre" -> SRE, "finops" -> FinOps), words typed
// with capitals inside them ("iOS", "SREs") stay as they are, and words
// typed all in capitals (but short acronyms) are taken as shouting.
func titleCase(s string) string {
	if strings.ToUpper(s) == s && len(strings.Fields(s)) > 1 {
		s = strings.ToLower(s)
	}
	fields := strings.Fields(s)
	for i, f := range fields {
		low := strings.ToLower(f)
		if d, ok := displayForms[low]; ok {
			fields[i] = d
			continue
		}
		if d, ok := displayForms[strings.TrimSuffix(low, "s")]; ok && strings.HasSuffix(low, "s") && strings.ToUpper(d) == d {
			fields[i] = d + "s"
			continue
		}
		if i > 0 {
			if _, ok := minorWords[low]; ok {
				fields[i] = low
				continue
			}
		}
		if strings.ToUpper(f) == f && utf8.RuneCountInString(f) > 4 {
			f = low
		}
		r, n := utf8.DecodeRuneInString(f)
		if hasUpperAfterFirst(f[n:]) {
			fields[i] = f
			continue
		}
		fields[i] = string(unicode.ToUpper(r)) + f[n:]
	}
	return strings.Join(fields, " ")
}

func hasUpperAfterFirst(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}
