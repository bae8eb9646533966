package suggest

import "slices"

// cluster groups docs bottom-up by average linkage: it repeatedly merges
// the two groups with the highest average similarity, as long as that
// reaches groupLink and every pair of notes across them is related
// (similarity >= pairFloor). Ties go to the groups holding the earlier
// docs. It returns the groups (singletons included), each ascending, in
// order of their first doc.
//
// A merge needs the average across two groups to reach groupLink, so at
// least one pair across them must reach it: groups never span two
// components of the graph of such strong pairs. Each component is
// clustered on its own, in a dense matrix (m² for m notes).
func cluster(docs []doc) [][]int {
	n := len(docs)
	edges := relatedPairs(docs)
	// Components of strong pairs, by union-find.
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, es := range edges {
		for _, e := range es {
			if e.s < groupLink {
				continue
			}
			if a, b := find(i), find(e.j); a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	comps := map[int][]int{}
	compOf := make([]int, n)
	for i := range n {
		r := find(i)
		compOf[i] = r
		comps[r] = append(comps[r], i)
	}
	var out [][]int
	local := make([]int, n)
	for i := range n {
		c, ok := comps[i]
		if !ok {
			continue
		}
		if len(c) == 1 {
			out = append(out, c)
			continue
		}
		out = append(out, clusterComponent(c, edges, compOf, local)...)
	}
	slices.SortFunc(out, func(a, b []int) int { return a[0] - b[0] })
	return out
}

type edge struct {
	j int
	s float64
}

// relatedPairs returns, for each doc i, the docs j > i whose similarity
// reaches pairFloor, found through an inverted index so that notes sharing
// nothing cost nothing. Sums run in feature order, so they never depend on
// the input's order.
func relatedPairs(docs []doc) [][]edge {
	n := len(docs)
	type posting struct {
		doc int
		w   float64
	}
	var post [][]posting // by feature id
	for i, d := range docs {
		for _, f := range d.vec {
			for f.id >= len(post) {
				post = append(post, nil)
			}
			post[f.id] = append(post[f.id], posting{i, f.w})
		}
	}
	out := make([][]edge, n)
	acc := make([]float64, n)
	var touched []int
	for i, d := range docs {
		touched = touched[:0]
		for _, f := range d.vec {
			ps := post[f.id]
			k, _ := slices.BinarySearchFunc(ps, i+1, func(p posting, i int) int { return p.doc - i })
			for _, p := range ps[k:] {
				if acc[p.doc] == 0 {
					touched = append(touched, p.doc)
				}
				acc[p.doc] += f.w * p.w
			}
		}
		for _, j := range touched {
			s := acc[j]
			if s >= pairFloor && siblings(&docs[i], &docs[j]) {
				s *= siblingPenalty
			}
			if s >= pairFloor {
				out[i] = append(out[i], edge{j, s})
			}
			acc[j] = 0
		}
	}
	return out
}

// clusterComponent runs the average-linkage merging over one component
// (comp ascending), keeping for each group the sum of similarities and
// the count of related pairs to every other group.
func clusterComponent(comp []int, edges [][]edge, compOf, local []int) [][]int {
	m := len(comp)
	for k, i := range comp {
		local[i] = k
	}
	// cell a*m+b holds the sum of similarities between groups a and b and
	// how many of their pairs are related.
	type cell struct {
		sum float32
		n   int32
	}
	cells := make([]cell, m*m)
	nbr := make([][]int, m) // groups with at least one related pair
	for k, i := range comp {
		for _, e := range edges[i] {
			if compOf[e.j] != compOf[i] {
				continue
			}
			l := local[e.j]
			cells[k*m+l] = cell{float32(e.s), 1}
			cells[l*m+k] = cell{float32(e.s), 1}
			nbr[k] = append(nbr[k], l)
			nbr[l] = append(nbr[l], k)
		}
	}
	size := make([]int, m)
	members := make([][]int, m)
	alive := make([]bool, m)
	for k := range m {
		size[k], members[k], alive[k] = 1, []int{comp[k]}, true
	}
	link := func(a, b int) float64 {
		pairs := size[a] * size[b]
		c := cells[a*m+b]
		if int(c.n) < pairs {
			return -1 // some pair across is unrelated
		}
		return float64(c.sum) / float64(pairs)
	}
	// nearest returns a's best partner and the link to it, ties to the
	// earlier group, or -1.
	nearest := func(a int) (int, float64) {
		bi, bl := -1, -1.0
		for _, b := range nbr[a] {
			if !alive[b] || b == a {
				continue
			}
			if l := link(a, b); l > bl || (l == bl && b < bi) {
				bi, bl = b, l
			}
		}
		return bi, bl
	}
	// The nearest-neighbour chain: follow each group's best partner until
	// two groups are each other's best, and merge them. Average linkage
	// (and "every pair related") is reducible, so this merges the same
	// groups as always merging the best pair first, in O(m²).
	done := make([]bool, m) // no partner reaches groupLink, nor ever will
	stamp := make([]int, m)
	round := 0
	var chain []int
	for start := 0; start < m; {
		if len(chain) == 0 {
			if !alive[start] || done[start] {
				start++
				continue
			}
			chain = append(chain, start)
		}
		a := chain[len(chain)-1]
		b, l := nearest(a)
		if len(chain) >= 2 {
			// Keep to the previous group on a tie, so the chain ends.
			if p := chain[len(chain)-2]; link(a, p) == l {
				b = p
			}
		}
		if b < 0 || l < groupLink {
			done[a] = true
			chain = chain[:len(chain)-1]
			continue
		}
		if len(chain) < 2 || chain[len(chain)-2] != b {
			chain = append(chain, b)
			continue
		}
		chain = chain[:len(chain)-2]
		if b < a {
			a, b = b, a
		}
		// a absorbs b.
		round++
		alive[b] = false
		merged := nbr[a][:0:0]
		stamp[a] = round
		for _, c := range nbr[a] {
			if alive[c] && stamp[c] != round {
				stamp[c] = round
				merged = append(merged, c)
			}
		}
		for _, c := range nbr[b] {
			if !alive[c] || c == a {
				continue
			}
			if cells[a*m+c].n == 0 {
				nbr[c] = append(nbr[c], a)
			}
			x := cells[a*m+c]
			y := cells[b*m+c]
			x.sum += y.sum
			x.n += y.n
			cells[a*m+c], cells[c*m+a] = x, x
			if stamp[c] != round {
				stamp[c] = round
				merged = append(merged, c)
			}
		}
		size[a] += size[b]
		members[a] = append(members[a], members[b]...)
		nbr[a], nbr[b] = merged, nil
	}
	var out [][]int
	for k := range m {
		if alive[k] {
			slices.Sort(members[k])
			out = append(out, members[k])
		}
	}
	return out
}
