package slslogs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	sls "github.com/alibabacloud-go/sls-20201230/v6/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/credentials-go/credentials"
)

// Defaults of Config.
const (
	DefaultPoll     = 2 * time.Second
	DefaultLag      = 5 * time.Second
	DefaultLookback = time.Hour
	pageLines       = 100 // GetLogs returns at most 100 lines a call
	incompleteTries = 5   // a page SLS reports Incomplete is asked again this often
)

// Config says how to reach SLS.
type Config struct {
	// Endpoint is SLS's host[:port] (default Endpoint(region)); a leading
	// "http://" or "https://" names the protocol (default HTTPS). SLS
	// addresses a project as the host <project>.<endpoint>; an endpoint that
	// is an IP address has no such names, so its address is dialled as it is
	// and the project travels in the Host header only.
	Endpoint   string
	Credential credentials.Credential
	// Scrub removes secrets from error texts (the SDK's errors may echo a
	// request); nil leaves them.
	Scrub func(string) string
	Poll  time.Duration // following: time between polls (DefaultPoll)
	// Lag is how far behind now a followed window ends (DefaultLag): SLS
	// indexes a line a moment after FC writes it, and a window already read
	// is not read again.
	Lag time.Duration
	Now func() time.Time // default time.Now
}

// Options select the lines.
type Options struct {
	Since  time.Time // zero: DefaultLookback before now
	Follow bool      // after the window, keep polling until ctx ends
}

// Entry is one line FC wrote to SLS.
type Entry struct {
	Time      time.Time
	Instance  string // instanceID
	RequestID string // requestId, when the line belongs to a request
	Line      string // message
}

// Read gives emit each line of the target's function from Since on, in
// time order; following, it returns nil when ctx ends. An error from emit
// stops the read and is returned.
func Read(ctx context.Context, cfg Config, t Target, o Options, emit func(Entry) error) error {
	cfg = cfg.withDefaults()
	c, err := newClient(ctx, cfg)
	if err != nil {
		return err
	}
	from := o.Since
	if from.IsZero() {
		from = cfg.Now().Add(-DefaultLookback)
	}
	to := cfg.Now()
	if o.Follow {
		to = to.Add(-cfg.Lag)
	}
	for {
		if to.Unix() > from.Unix() {
			if err := c.window(ctx, cfg, t, from, to, emit); err != nil {
				if ctx.Err() != nil && o.Follow {
					return nil
				}
				return err
			}
			from = to
		}
		if !o.Follow {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(cfg.Poll):
		}
		to = cfg.Now().Add(-cfg.Lag)
	}
}

func (cfg Config) withDefaults() Config {
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.Lag <= 0 {
		cfg.Lag = DefaultLag
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Scrub == nil {
		cfg.Scrub = func(s string) string { return s }
	}
	return cfg
}

type client struct{ sls *sls.Client }

func newClient(ctx context.Context, cfg Config) (*client, error) {
	endpoint, protocol := cfg.Endpoint, "HTTPS"
	if rest, ok := strings.CutPrefix(endpoint, "http://"); ok {
		endpoint, protocol = rest, "HTTP"
	} else if rest, ok := strings.CutPrefix(endpoint, "https://"); ok {
		endpoint = rest
	}
	endpoint = strings.TrimSuffix(endpoint, "/")
	if endpoint == "" {
		return nil, errors.New("slslogs: no SLS endpoint")
	}
	c, err := sls.NewClient(&openapi.Config{
		Credential: cfg.Credential,
		Endpoint:   dara.String(endpoint),
		Protocol:   dara.String(protocol),
		HttpClient: newHTTPClient(ctx, endpoint),
		UserAgent:  dara.String("wsdeploy"),
	})
	if err != nil {
		return nil, fmt.Errorf("slslogs: SLS client: %s", cfg.Scrub(err.Error()))
	}
	return &client{sls: c}, nil
}

// window emits the lines of [from, to) (whole seconds, as SLS counts),
// page by page.
func (c *client) window(ctx context.Context, cfg Config, t Target, from, to time.Time, emit func(Entry) error) error {
	for offset := int64(0); ; {
		page, err := c.page(ctx, cfg, t, from, to, offset)
		if err != nil {
			return err
		}
		for _, row := range page {
			if err := emit(entryOf(row)); err != nil {
				return err
			}
		}
		if len(page) < pageLines {
			return nil
		}
		offset += int64(len(page))
	}
}

// page is one GetLogs call, asked again while SLS says its result is
// Incomplete (x-log-progress), as SLS's documentation says to.
func (c *client) page(ctx context.Context, cfg Config, t Target, from, to time.Time, offset int64) ([]map[string]any, error) {
	req := &sls.GetLogsRequest{
		From:    dara.Int32(int32(from.Unix())),
		To:      dara.Int32(int32(to.Unix())),
		Query:   dara.String(Query(t.Function)),
		Line:    dara.Int64(pageLines),
		Offset:  dara.Int64(offset),
		Reverse: dara.Bool(false),
	}
	for try := 1; ; try++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		resp, err := c.sls.GetLogs(dara.String(t.Project), dara.String(t.Logstore), req)
		if err != nil {
			return nil, explain(cfg, t, err)
		}
		if dara.StringValue(resp.Headers["x-log-progress"]) != "Incomplete" || try == incompleteTries {
			return resp.Body, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(try) * 200 * time.Millisecond):
		}
	}
}

// explain says which call failed and what to check, without secrets.
func explain(cfg Config, t Target, err error) error {
	msg := err.Error()
	hint := "check the project and logstore of the function's log block and that the credentials may call log:GetLogs on them"
	var sdkErr *tea.SDKError
	if errors.As(err, &sdkErr) {
		code := tea.StringValue(sdkErr.Code)
		msg = fmt.Sprintf("%d %s: %s", tea.IntValue(sdkErr.StatusCode), code, tea.StringValue(sdkErr.Message))
		switch code {
		case "ProjectNotExist", "LogStoreNotExist":
			hint = "FC writes to a project and logstore that exist, it creates none: create them in SLS (with an index) and apply again"
		case "IndexConfigNotExist":
			hint = "the logstore has no index, so it cannot be searched: enable its index in SLS"
		}
	}
	return fmt.Errorf("reading the logs of function %q from SLS project %q logstore %q: %s; %s",
		t.Function, t.Project, t.Logstore, cfg.Scrub(msg), hint)
}

func entryOf(row map[string]any) Entry {
	str := func(k string) string {
		if v, ok := row[k]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return ""
	}
	e := Entry{Instance: str("instanceID"), RequestID: str("requestId"), Line: str("message")}
	if sec, err := strconv.ParseInt(str("__time__"), 10, 64); err == nil {
		e.Time = time.Unix(sec, 0)
	}
	return e
}

// httpClient is the SDK's transport: it ties each call to the read's
// context (the SDK's calls take none, so Ctrl-C would otherwise wait for a
// call's timeout) and dials an IP endpoint for every project host.
type httpClient struct {
	ctx context.Context
	c   *http.Client
}

func newHTTPClient(ctx context.Context, endpoint string) *httpClient {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: time.Minute,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	if host, _, err := net.SplitHostPort(endpoint); err == nil && net.ParseIP(host) != nil {
		t.Proxy = nil
		t.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, endpoint)
		}
	} else if net.ParseIP(endpoint) != nil {
		t.Proxy = nil
		t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			_, port, _ := net.SplitHostPort(addr)
			return dialer.DialContext(ctx, network, net.JoinHostPort(endpoint, port))
		}
	}
	return &httpClient{ctx: ctx, c: &http.Client{Transport: t}}
}

func (h *httpClient) Call(r *http.Request, _ *http.Transport) (*http.Response, error) {
	return h.c.Do(r.WithContext(h.ctx))
}
