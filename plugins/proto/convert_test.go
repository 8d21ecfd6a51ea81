package proto

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wsdeploy/wsdeploy/providers"
)

// fill sets every field of the struct v points to a non-zero value, so
// that a field the conversions forget shows up as a difference.
func fill(v reflect.Value, seed int) {
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(fmt.Sprintf("%s-%d", v.Type().Field(i).Name, seed))
		case reflect.Int, reflect.Int64:
			f.SetInt(int64(seed + i + 1))
		case reflect.Float64:
			f.SetFloat(float64(seed) + 0.5)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			switch f.Type().Elem().Kind() {
			case reflect.Uint8:
				f.SetBytes([]byte(fmt.Sprintf("bytes-%d", seed)))
			case reflect.String:
				f.Set(reflect.ValueOf([]string{"a", "b"}))
			default: // []*HTTPTrigger, []*Route
				t := reflect.New(f.Type().Elem().Elem())
				fill(t.Elem(), seed+1)
				f.Set(reflect.Append(f, t))
			}
		case reflect.Map:
			f.Set(reflect.ValueOf(map[string]string{"k": "v"}))
		case reflect.Pointer:
			p := reflect.New(f.Type().Elem())
			switch p.Elem().Kind() {
			case reflect.Struct:
				fill(p.Elem(), seed+2)
			case reflect.Bool:
				p.Elem().SetBool(false) // a set false differs from nil and from zero
			default:
				p.Elem().SetInt(7)
			}
			f.Set(p)
		}
	}
}

func TestFunctionRoundTripKeepsEveryField(t *testing.T) {
	var f providers.Function
	fill(reflect.ValueOf(&f).Elem(), 1)
	if got := ToFunction(FromFunction(&f)); !reflect.DeepEqual(got, &f) {
		t.Errorf("round trip lost a field:\n got %+v\nwant %+v", got, &f)
	}
	// nil and zero stay distinct: no reserved concurrency vs reserved 0.
	zero := 0
	for _, mi := range []*int{nil, &zero} {
		got := ToFunction(FromFunction(&providers.Function{Name: "f", MaxInstances: mi}))
		if !reflect.DeepEqual(got.MaxInstances, mi) || got.HealthCheck != nil || got.Container != nil || got.SessionAffinity != nil {
			t.Errorf("MaxInstances %v came back as %v (health %v, container %v, affinity %v)", mi, got.MaxInstances, got.HealthCheck, got.Container, got.SessionAffinity)
		}
	}
}

// Protocol 1.1's messages keep every field both ways, and what is absent
// stays absent.
func TestDomainsSessionsAndInfoRoundTrip(t *testing.T) {
	var d providers.CustomDomain
	fill(reflect.ValueOf(&d).Elem(), 1)
	if got := ToCustomDomain(FromCustomDomain(&d)); !reflect.DeepEqual(got, &d) {
		t.Errorf("custom domain round trip lost a field:\n got %+v\nwant %+v", got, &d)
	}
	plain := &providers.CustomDomain{Name: "chat.example.test", Protocol: "HTTP"}
	if got := ToCustomDomain(FromCustomDomain(plain)); !reflect.DeepEqual(got, plain) {
		t.Errorf("an HTTP domain came back as %+v (cert %v, tls %v)", got, got.Cert, got.TLS)
	}
	if FromCustomDomain(nil) != nil || ToCustomDomain(nil) != nil || FromSession(nil) != nil || ToSession(nil) != nil {
		t.Error("nil did not stay nil")
	}

	var s providers.Session
	fill(reflect.ValueOf(&s).Elem(), 2)
	if got := ToSession(FromSession(&s)); !reflect.DeepEqual(got, &s) {
		t.Errorf("session round trip lost a field:\n got %+v\nwant %+v", got, &s)
	}

	var i providers.Info
	fill(reflect.ValueOf(&i).Elem(), 3)
	i.PropagationDelay, i.InstanceLimit = 0, 0 // the protocol does not carry them
	if got := ToInfo(FromInfo(i)); !reflect.DeepEqual(got, i) {
		t.Errorf("info round trip lost a field:\n got %+v\nwant %+v", got, i)
	}
	if got := ToInfo(FromInfo(providers.Info{Name: "aliyun"})); got.Domains != nil {
		t.Errorf("no domain endpoint came back as %+v", got.Domains)
	}
}

func TestSchemaRoundTrip(t *testing.T) {
	s := providers.Schema{Attributes: []providers.SchemaAttribute{
		{Name: "a", Type: cty.String, Required: true, Description: "d"},
		{Name: "b", Type: cty.Map(cty.List(cty.Number)), Sensitive: true},
	}}
	m, err := FromSchema(s)
	if err != nil {
		t.Fatal(err)
	}
	if m.Attributes[1].Type != `["map",["list","number"]]` {
		t.Errorf("wire type %s", m.Attributes[1].Type)
	}
	got, err := ToSchema(m)
	if err != nil || !reflect.DeepEqual(got, s) {
		t.Errorf("got %+v, %v", got, err)
	}
	if _, err := ToSchema(&GetSchemaResponse{Attributes: []*SchemaAttribute{{Name: "x", Type: "strang"}}}); err == nil {
		t.Error("a bad type was accepted")
	}
}

func TestSettingsRoundTripAndChecks(t *testing.T) {
	schema := providers.Schema{Attributes: []providers.SchemaAttribute{
		{Name: "dir", Type: cty.String, Required: true},
		{Name: "ports", Type: cty.List(cty.Number)},
	}}
	in := map[string]cty.Value{"dir": cty.StringVal("/x"), "ports": cty.ListVal([]cty.Value{cty.NumberIntVal(80)})}
	raw, err := EncodeSettings(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := DecodeSettings(raw, schema)
	if err != nil || !out["dir"].RawEquals(in["dir"]) || !out["ports"].RawEquals(in["ports"]) {
		t.Errorf("decoded %v, %v", out, err)
	}
	for raw, want := range map[string]string{
		`{}`:                       `the required setting "dir" is missing`,
		`{"dir":"/x","other":1}`:   `"other" is not a setting of this provider`,
		`{"dir":"/x","ports":"a"}`: `setting "ports"`,
	} {
		if _, err := DecodeSettings([]byte(raw), schema); err == nil || !contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", raw, err, want)
		}
	}
}

func TestErrorsCrossTheWire(t *testing.T) {
	notFound := fmt.Errorf("function %q: %w", "f", providers.ErrNotFound)
	for _, c := range []struct {
		err    error
		code   codes.Code
		target error
	}{
		{notFound, codes.NotFound, providers.ErrNotFound},
		{context.DeadlineExceeded, codes.DeadlineExceeded, context.DeadlineExceeded},
		{errors.New("quota exceeded"), codes.Unknown, nil},
	} {
		st := ToStatus(c.err)
		if status.Code(st) != c.code {
			t.Errorf("%v: code %v, want %v", c.err, status.Code(st), c.code)
		}
		back := FromStatus(st)
		if back.Error() != c.err.Error() {
			t.Errorf("message %q, want %q", back, c.err)
		}
		if c.target != nil && !errors.Is(back, c.target) {
			t.Errorf("%v does not match %v after the trip", back, c.target)
		}
		if c.target == nil && errors.Is(back, providers.ErrNotFound) {
			t.Errorf("%v matches ErrNotFound", back)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// A zip that a Code keeps in a file travels as its bytes; one that cannot
// be read is an error, not an empty package.
func TestFromCodeReadsAFile(t *testing.T) {
	zip := []byte("PK-in-a-file")
	m, err := FromCode(&providers.Code{File: strings.NewReader(string(zip)), Size: int64(len(zip)), Checksum: "7"})
	if err != nil || string(m.Zip) != string(zip) || m.Checksum != "7" {
		t.Fatalf("FromCode = %v, %v", m, err)
	}
	if back := ToCode(m); string(back.Zip) != string(zip) || back.Len() != int64(len(zip)) {
		t.Errorf("ToCode = %+v", back)
	}
	if _, err := FromCode(&providers.Code{File: strings.NewReader("short"), Size: 100}); err == nil {
		t.Error("a file shorter than Size: no error")
	}
	if m, err := FromCode(nil); m != nil || err != nil {
		t.Errorf("FromCode(nil) = %v, %v", m, err)
	}
}
