package guard_test

import "regexp"

func mustRe(s string) *regexp.Regexp { return regexp.MustCompile(s) }
