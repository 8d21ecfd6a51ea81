package config

import "github.com/wsdeploy/wsdeploy/providers/fcspec"

// text refuses strings that cannot reach their destination intact, with
// the checks the local gateway applies too (fcspec): a NUL byte in what
// becomes a command line or an environment variable (execve would cut it
// short, so the function would fail at every start), and any control
// character in what becomes part of an HTTP request line (CR or LF would
// start another line). Each problem points at the element or map value as
// written. Values are never quoted: they may be secrets.
func (c fnCheck) text() {
	f := c.f
	c.execList("command", f.Command)
	c.execList("args", f.Args)
	c.execMap("environment", f.Environment, false)
	if ct := f.Container; ct != nil {
		c.execString("container.image", ct.Image)
		c.execList("container.entrypoint", ct.Entrypoint)
		c.execList("container.command", ct.Command)
	}
	if b := f.Build; b != nil {
		c.execList("build.command", b.Command)
		c.execMap("build.environment", b.Environment, true)
	}
	if h := f.HealthCheck; h != nil {
		if err := fcspec.CheckHeaderText(h.HTTPGetURL, true); err != nil {
			c.errorf("health_check.http_get_url", "Invalid health check URL", "http_get_url %s.", err)
		}
	}
}

func (c fnCheck) execString(key, s string) {
	if err := fcspec.CheckExecText(s); err != nil {
		c.errorf(key, "Invalid character", "%s %s.", key, err)
	}
}

func (c fnCheck) execList(key string, list []string) {
	for i, s := range list {
		if err := fcspec.CheckExecText(s); err != nil {
			c.errorf(c.element(key, indexKey(key, i)), "Invalid character", "element %d of %s %s.", i, key, err)
		}
	}
}

// execMap checks an environment's values; keys holds whether to check its
// keys too (a function's keys have a stricter check of their own).
func (c fnCheck) execMap(key string, m map[string]string, keys bool) {
	for _, k := range sortedKeys(m) {
		if err := fcspec.CheckExecText(k); keys && err != nil {
			c.errorf(c.element(key, key+"."+k), "Invalid character", "the key %q of %s %s.", k, key, err)
		}
		if err := fcspec.CheckExecText(m[k]); err != nil {
			c.errorf(c.element(key, valueKey(key, k)), "Invalid character", "%s %s.", valueKey(key, k), err)
		}
	}
}

// element is the Ranges key of an element when its range is known (it was
// written literally), else that of the whole attribute.
func (c fnCheck) element(attr, elem string) string {
	if _, ok := c.f.Ranges[elem]; ok {
		return elem
	}
	return attr
}
