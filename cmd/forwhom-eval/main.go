// Command forwhom-eval measures segment suggestions against workshops
// people have grouped by hand: for each CSV (header with question, text
// and segment; "who" rows carry the human grouping) it prints the pairwise
// precision and recall of the suggested groups, and with -v the groups.
//
//	go run ./cmd/forwhom-eval [-v] FILE...
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"forwhom/suggest"
)

func main() {
	verbose := flag.Bool("v", false, "print each suggested group with its notes' labels")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: forwhom-eval [-v] FILE.csv...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	failed := false
	for _, path := range flag.Args() {
		if err := eval(path, *verbose); err != nil {
			fmt.Fprintf(os.Stderr, "forwhom-eval: %s: %v\n", path, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func eval(path string, verbose bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	l, err := suggest.ReadLabelled(f)
	if err != nil {
		return err
	}
	s, sugs := suggest.Evaluate(l)
	fmt.Printf("%s: %d notes, precision %.2f (%d/%d pairs), recall %.2f (%d/%d pairs)\n",
		path, len(l.Notes), s.Precision, s.Correct, s.Pairs, s.Recall, s.Correct, s.Labelled)
	if verbose {
		text := map[int64]string{}
		for _, n := range l.Notes {
			text[n.ID] = n.Text
		}
		for _, g := range sugs {
			fmt.Printf("  %s\n", g.Name)
			for _, id := range g.Notes {
				fmt.Printf("    %-45s [%s]\n", text[id], l.Labels[id])
			}
		}
		grouped := map[int64]bool{}
		for _, g := range sugs {
			for _, id := range g.Notes {
				grouped[id] = true
			}
		}
		var alone []string
		for _, n := range l.Notes {
			if !grouped[n.ID] {
				alone = append(alone, fmt.Sprintf("%s [%s]", n.Text, l.Labels[n.ID]))
			}
		}
		fmt.Printf("  not grouped: %s\n", strings.Join(alone, "; "))
	}
	return nil
}
