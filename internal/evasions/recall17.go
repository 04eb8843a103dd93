package evasions

// Session 28 (enc3): benchmarks/evplant11.py's misses that are not its
// hard variants, looked at one by one (seed 1; seed 2 plants the same).
//
// Named references of Cyrillic letters shaped as Latin ones
// ("P&acy;yP&acy;l", "Vi&acy;gr&acy;", "Micr&ocy;s&ocy;ft", "&Acy;pple",
// "&iecy;Bay": evplant11's ncr_named_cyr, 0 of 30): HTML5 names them
// (&acy; а, &iecy; е, &ocy; о, ...), a mail client renders the letter,
// and a filter reading the HTML sees no Cyrillic byte. cyrName knows the
// look-alikes lookalike has whose names start with a letter the
// kernel's & table (entnames.go's ampStopTab) stops at: it had o r s A
// I K M N O R T U already (Greek and invisible names); a i u k v j V S
// join it (cyrStops). One beside an ASCII letter is an entity
// look-alike as a numeric or Greek one is (entMore, asked by
// entEvasion at every & the scan, the full check and the reference
// read). Not taken: the lower-case names that start with m t p g n d
// (&mcy; &tcy; &pcy; &gcy; &ncy; &dscy;: м т п г н are small capitals,
// ѕ is rare) and the capitals &DScy; &Jsercy; (D and J alias a control
// and the line feed in the table's six bits): &mdash; &trade; &pound;
// &gt; &nbsp; &deg; would stop the kernel.
//
// The a costs stops: it starts &amp; (6,494 of corpus-200MB-s1's 7,390
// &a). corpus-200MB-s1 has 7,390 &a, 1,378 &i, 1,358 &u, 375 &S, 58 &v,
// 43 &j, 27 &k, 14 &V against some 44,000 & the kernel stopped at
// already (Greek and invisible names, &#, &lt;), of 310,625 stops in all.
// The cost, the numbers: the commit that brought this (and
// docs/report.md's cleaning_evasion row).

// cyrStops are the first letters of cyrName's names the kernel's &
// table does not have otherwise.
const cyrStops = "aiukvjVS"

// cyrName returns the Cyrillic letter a named entity at t[i] stands for
// when it is one cyrName knows, and where it ends; -1 when it is not.
// Its names start with a letter of the & table (cyrStops and those it
// had): TestCyrNamesStop.
func cyrName(t []byte, i int) (rune, int) {
	if i+5 > len(t) || t[i] != '&' {
		return -1, i
	}
	w := t[i+1:]
	for _, e := range cyrNames {
		if len(w) >= len(e.name) && string(w[:len(e.name)]) == e.name {
			return e.r, i + 1 + len(e.name)
		}
	}
	return -1, i
}

var cyrNames = [...]struct {
	name string
	r    rune
}{
	{"acy;", 'а'}, {"iecy;", 'е'}, {"ocy;", 'о'}, {"rcy;", 'р'}, {"scy;", 'с'}, {"ucy;", 'у'},
	{"khcy;", 'х'}, {"kcy;", 'к'}, {"vcy;", 'в'}, {"iukcy;", 'і'}, {"jsercy;", 'ј'}, {"softcy;", 'ь'},
	{"Acy;", 'А'}, {"Vcy;", 'В'}, {"IEcy;", 'Е'}, {"Kcy;", 'К'}, {"KHcy;", 'Х'}, {"Mcy;", 'М'},
	{"Ncy;", 'Н'}, {"Ocy;", 'О'}, {"Rcy;", 'Р'}, {"Scy;", 'С'}, {"Tcy;", 'Т'}, {"Ucy;", 'У'},
	{"Iukcy;", 'І'},
}
