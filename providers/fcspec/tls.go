package fcspec

// What wsdeploy sends in a custom domain's tlsConfig beside minVersion.
// FC's API reference lists minVersion, maxVersion and cipherSuites
// without saying which are required; Terraform's alicloud_fcv3_custom_domain
// tests and ROS's ALIYUN::FC3::CustomDomain always give all three, so
// wsdeploy does too (unconfirmed: whether FC accepts minVersion alone).
const DefaultTLSMaxVersion = TLSv13

// DefaultCipherSuites are the TLS 1.2 suites wsdeploy sends when a stack
// names none: the forward-secret AEAD suites every current client offers
// (TLS 1.3's suites are not configurable). Unconfirmed as FC's console
// default.
var DefaultCipherSuites = []string{
	"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
	"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
	"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
	"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
}
