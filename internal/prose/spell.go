package prose

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Dictionary is the Hunspell dictionary the checker uses: Norwegian
// Bokmål, from Debian's hunspell-no (apt-get install hunspell hunspell-no).
const Dictionary = "nb_NO"

// ErrNoDictionary is returned by NewChecker when hunspell or its
// Norwegian dictionary is not installed.
var ErrNoDictionary = errors.New("stavekontrollen trenger hunspell med den norske ordlista nb_NO (apt-get install hunspell hunspell-no)")

// Checker asks Hunspell which words are not in the dictionary. It keeps
// one hunspell process running and talks to it through a pipe (loading the
// dictionary takes 0.2 s; a word then takes microseconds), and remembers
// the answers: the dictionary does not change while the program runs.
// Where the process cannot be kept (no stdbuf to make hunspell answer line
// by line, or it stopped answering), each question runs hunspell once.
// It is safe for concurrent use.
type Checker struct {
	bin    string
	stdbuf string // coreutils' stdbuf, "" when missing

	mu    sync.Mutex
	known map[string]bool // word → in the dictionary
	proc  *speller        // the running hunspell, nil when none
}

// maxRemembered bounds the answers kept; past it they are forgotten and
// asked again.
const maxRemembered = 200_000

// sentinel is a word no dictionary has: written after the words of a
// question, its answer marks the end of the answers.
const sentinel = "xqzsamarbeidqx"

// NewChecker finds hunspell and the Norwegian dictionary, starts it and
// checks that it answers: a word of the dictionary is known, and a
// made-up one is not. It takes about half a second.
func NewChecker() (*Checker, error) {
	bin, err := exec.LookPath("hunspell")
	if err != nil {
		return nil, ErrNoDictionary
	}
	c := &Checker{bin: bin, known: map[string]bool{}}
	c.stdbuf, _ = exec.LookPath("stdbuf")
	// Asked as any word, so that the process is running when it returns.
	c.mu.Lock()
	unknown, err := c.ask([]string{"samarbeid", "xqzordqx"})
	c.mu.Unlock()
	if err == nil && !slices.Equal(unknown, []string{"xqzordqx"}) {
		err = fmt.Errorf("hunspell answered %q to «samarbeid xqzordqx»", unknown)
	}
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("%w: %w", ErrNoDictionary, err)
	}
	return c, nil
}

// Close stops the hunspell process, if one runs.
func (c *Checker) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.proc != nil {
		c.proc.stop()
		c.proc = nil
	}
}

// Unknown returns the words, each once and in the order given, that the
// dictionary does not know.
func (c *Checker) Unknown(words []string) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var ask []string
	seen := map[string]bool{}
	for _, w := range words {
		if _, ok := c.known[w]; !ok && !seen[w] {
			ask = append(ask, w)
		}
		seen[w] = true
	}
	if len(ask) > 0 {
		unknown, err := c.ask(ask)
		if err != nil {
			return nil, err
		}
		if len(c.known)+len(ask) > maxRemembered {
			c.known = map[string]bool{}
		}
		for _, w := range ask {
			c.known[w] = true
		}
		for _, w := range unknown {
			c.known[w] = false
		}
	}
	var out []string
	clear(seen)
	for _, w := range words {
		if !seen[w] && !c.known[w] {
			out = append(out, w)
		}
		seen[w] = true
	}
	return out, nil
}

// ask returns the words the dictionary does not know, from the running
// process, or from a run of its own when the process fails. The caller
// holds c.mu. Only words of letters are given to hunspell: a word with a
// character the dictionary's encoding (ISO 8859-1) lacks is unknown
// without asking.
func (c *Checker) ask(words []string) ([]string, error) {
	var unknown, asked []string
	for _, w := range words {
		if encodable(w) {
			asked = append(asked, w)
		} else {
			unknown = append(unknown, w)
		}
	}
	if len(asked) == 0 {
		return unknown, nil
	}
	if c.stdbuf != "" {
		if c.proc == nil {
			c.proc, _ = startSpeller(c.stdbuf, c.bin)
		}
		if c.proc != nil {
			got, err := c.proc.ask(asked)
			if err == nil {
				return append(unknown, got...), nil
			}
			c.proc.stop()
			c.proc = nil
		}
	}
	got, err := c.once(asked)
	return append(unknown, got...), err
}

// hunspellArgs: Norwegian Bokmål, UTF-8 in and out, one word a line in and
// the unknown lines out (-w).
func hunspellArgs() []string { return []string{"-d", Dictionary, "-i", "utf-8", "-w"} }

// once runs hunspell on the words and returns the unknown ones.
func (c *Checker) once(words []string) ([]string, error) {
	cmd := exec.Command(c.bin, hunspellArgs()...)
	cmd.Stdin = strings.NewReader(strings.Join(words, "\n") + "\n")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("hunspell: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var unknown []string
	for line := range strings.Lines(out.String()) {
		if w := strings.TrimRight(line, "\n"); w != "" {
			unknown = append(unknown, w)
		}
	}
	return unknown, nil
}

// speller is a running hunspell that answers line by line (stdbuf -oL:
// its output to a pipe is otherwise buffered until it exits).
type speller struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string // closed when the process's output ends
}

// answerTimeout is how long a question may take before the process is
// given up.
const answerTimeout = 5 * time.Second

func startSpeller(stdbuf, bin string) (*speller, error) {
	cmd := exec.Command(stdbuf, append([]string{"-oL", bin}, hunspellArgs()...)...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &speller{cmd: cmd, in: in, lines: make(chan string, 64)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	return s, nil
}

func (s *speller) ask(words []string) ([]string, error) {
	if _, err := io.WriteString(s.in, strings.Join(words, "\n")+"\n"+sentinel+"\n"); err != nil {
		return nil, err
	}
	timeout := time.NewTimer(answerTimeout)
	defer timeout.Stop()
	var unknown []string
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				return nil, errors.New("hunspell stopped")
			}
			if line == sentinel {
				return unknown, nil
			}
			if line != "" {
				unknown = append(unknown, line)
			}
		case <-timeout.C:
			return nil, errors.New("hunspell did not answer")
		}
	}
}

func (s *speller) stop() {
	s.in.Close()
	s.cmd.Process.Kill()
	go s.cmd.Wait()
}

// encodable reports whether w is letters only, each in ISO 8859-1.
func encodable(w string) bool {
	if w == "" || strings.ContainsAny(w, "\n\r") {
		return false
	}
	for _, r := range w {
		if r > 0xff || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// WordList is the site's own list of words the dictionary lacks (names,
// abbreviations, terms), from the word-list collection.
type WordList map[string]bool

// NewWordList makes a list of the words.
func NewWordList(words []string) WordList {
	l := WordList{}
	for _, w := range words {
		if w = strings.TrimSpace(w); w != "" {
			l[w] = true
			l[strings.ToLower(w)] = true
		}
	}
	return l
}

// Accepts reports whether the list has the word: as written, in lower
// case, or as the genitive of a word in it ("Kongsbergs").
func (l WordList) Accepts(w string) bool {
	if l[w] || l[strings.ToLower(w)] {
		return true
	}
	if stem, ok := strings.CutSuffix(w, "s"); ok && utf8.RuneCountInString(stem) > 1 {
		return l[stem] || l[strings.ToLower(stem)]
	}
	return false
}

// address is a web or e-mail address, a path of the site (/arsrapporter/2025/)
// or a file or domain name (nokkeltall.csv, uustatus.no) in running text:
// no words to spell.
var address = regexp.MustCompile(`(?i)(?:https?://|www\.)\S+|\S+@\S+|(?:^|[\s(])/[\pL\d/._-]+|[\pL\d_-]+\.(?:no|com|org|net|csv|json|pdf|html|xml)\b`)

// Misspelled returns the words of text that neither the dictionary nor
// the list knows, each once, in the order they first appear. Words of one
// letter and addresses are left out.
func Misspelled(c *Checker, list WordList, text string) ([]string, error) {
	var words []string
	for _, w := range Words(address.ReplaceAllString(text, " ")) {
		if utf8.RuneCountInString(w) > 1 && !list.Accepts(w) {
			words = append(words, w)
		}
	}
	return c.Unknown(words)
}
