package convert

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/testcert"
	"github.com/wsdeploy/wsdeploy/providers"
)

// An HTTPS custom domain whose certificate and key are written inline becomes
// a custom_domain reading them from files beside main.hcl; the key file is
// private, and the stack validates (validate reads and checks both files).
func TestConvertInlineCertificate(t *testing.T) {
	pair := testcert.Valid(t, "ws.example.com")
	cert, _ := yaml.Marshal(pair.Cert)
	key, _ := yaml.Marshal(pair.Key)
	indent := func(b []byte) string { return strings.ReplaceAll(strings.TrimSpace(string(b)), "\n", "\n          ") }
	src := `edition: 3.0.0
name: tls
resources:
  ws:
    component: fc3
    props:
      region: cn-hangzhou
      functionName: ws
      runtime: custom.debian12
      code: ./code
      customRuntimeConfig: {command: [./server]}
      triggers: [{triggerName: t, triggerType: http, triggerConfig: {authType: anonymous, methods: [GET]}}]
      customDomain:
        domainName: ws.example.com
        protocol: HTTP,HTTPS
        tlsConfig: {minVersion: TLSv1.2, cipherSuites: [TLS_RSA_WITH_AES_128_CBC_SHA]}
        certConfig:
          certName: ws-cert
          certificate: ` + indent(cert) + `
          privateKey: ` + indent(key) + `
        route: {path: /ws, methods: [GET]}
`
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "code"), 0o755)
	res, err := Convert(Input{Src: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, res); err != nil {
		t.Fatal(err)
	}
	hcl := strings.Join(strings.Fields(string(res.HCL)), " ")
	for _, w := range []string{`certificate = "tls/ws.example.com.pem"`, `private_key = "tls/ws.example.com.key"`, `protocol = "HTTP,HTTPS"`, `tls_min_version = "TLSv1.2"`} {
		if !strings.Contains(hcl, w) {
			t.Errorf("the HCL lacks %q:\n%s", w, res.HCL)
		}
	}
	if strings.Contains(string(res.HCL), "PRIVATE KEY") {
		t.Error("the private key is in the HCL")
	}
	if !hasNote(res.Notes, "tlsConfig.cipherSuites") {
		t.Errorf("notes: %v", res.Notes)
	}
	info, err := os.Stat(filepath.Join(dir, "tls", "ws.example.com.key"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", info, err)
	}
	_, diags := config.Load(dir, config.Options{Environ: []string{}, ProviderSchemas: map[string]providers.Schema{aliyun.Name: aliyun.Schema}})
	if diags.HasErrors() {
		t.Fatalf("the converted stack does not validate:\n%s", diags.Error())
	}
}
