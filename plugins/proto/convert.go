package proto

import (
	"github.com/wsdeploy/wsdeploy/providers"
)

// The conversions between providers' types and the messages. Go ints travel
// as int64; nil pointers (health check, container, reserved concurrency,
// code) travel as absent fields, so that nil and zero stay distinct.

// FromFunction is f as a message.
func FromFunction(f *providers.Function) *Function {
	if f == nil {
		return nil
	}
	m := &Function{
		Name: f.Name, Description: f.Description, Runtime: f.Runtime,
		Command: f.Command, Args: f.Args, Port: int64(f.Port),
		MemorySize: int64(f.MemorySize), Cpu: f.CPU, DiskSize: int64(f.DiskSize),
		Timeout: int64(f.Timeout), InstanceConcurrency: int64(f.InstanceConcurrency),
		Environment: f.Environment, Tags: f.Tags,
		CodeChecksum: f.CodeChecksum, CodeSize: f.CodeSize, Arn: f.ARN, LastModified: f.LastModified,
		OtherTriggers: f.OtherTriggers,
		Role:          f.Role, InternetAccess: f.InternetAccess, Layers: f.Layers,
	}
	if v := f.VPC; v != nil {
		m.Vpc = &VPC{VpcId: v.VPCID, VswitchIds: v.VSwitchIDs, SecurityGroupId: v.SecurityGroupID}
	}
	if l := f.Log; l != nil {
		m.Log = &Log{Project: l.Project, Logstore: l.Logstore, RequestMetrics: l.RequestMetrics, InstanceMetrics: l.InstanceMetrics}
	}
	if l := f.Lifecycle; l != nil {
		m.Lifecycle = &Lifecycle{InitializerTimeout: int64(l.InitializerTimeout), PreStopTimeout: int64(l.PreStopTimeout)}
	}
	if f.Provisioned != nil {
		v := int64(*f.Provisioned)
		m.Provisioned = &v
	}
	if a := f.SessionAffinity; a != nil {
		m.SessionAffinity = &SessionAffinity{Type: a.Type, Header: a.Header,
			SessionsPerInstance: int64(a.SessionsPerInstance), SessionTtl: int64(a.SessionTTL),
			SessionIdleTimeout: int64(a.SessionIdleTimeout), DisableSessionIdReuse: a.DisableSessionIDReuse}
	}
	if h := f.HealthCheck; h != nil {
		m.HealthCheck = &HealthCheck{HttpGetUrl: h.HTTPGetURL, InitialDelaySeconds: int64(h.InitialDelaySeconds),
			PeriodSeconds: int64(h.PeriodSeconds), TimeoutSeconds: int64(h.TimeoutSeconds),
			FailureThreshold: int64(h.FailureThreshold), SuccessThreshold: int64(h.SuccessThreshold)}
	}
	if c := f.Container; c != nil {
		m.Container = &Container{Image: c.Image, Entrypoint: c.Entrypoint, Command: c.Command}
	}
	if f.MaxInstances != nil {
		v := int64(*f.MaxInstances)
		m.MaxInstances = &v
	}
	for _, t := range f.Triggers {
		m.Triggers = append(m.Triggers, FromTrigger(t))
	}
	return m
}

// ToFunction is m as a providers.Function.
func ToFunction(m *Function) *providers.Function {
	if m == nil {
		return nil
	}
	f := &providers.Function{
		Name: m.Name, Description: m.Description, Runtime: m.Runtime,
		Command: m.Command, Args: m.Args, Port: int(m.Port),
		MemorySize: int(m.MemorySize), CPU: m.Cpu, DiskSize: int(m.DiskSize),
		Timeout: int(m.Timeout), InstanceConcurrency: int(m.InstanceConcurrency),
		Environment: m.Environment, Tags: m.Tags,
		CodeChecksum: m.CodeChecksum, CodeSize: m.CodeSize, ARN: m.Arn, LastModified: m.LastModified,
		OtherTriggers: m.OtherTriggers,
		Role:          m.Role, InternetAccess: m.InternetAccess, Layers: m.Layers,
	}
	if v := m.Vpc; v != nil {
		f.VPC = &providers.VPC{VPCID: v.VpcId, VSwitchIDs: v.VswitchIds, SecurityGroupID: v.SecurityGroupId}
	}
	if l := m.Log; l != nil {
		f.Log = &providers.Log{Project: l.Project, Logstore: l.Logstore, RequestMetrics: l.RequestMetrics, InstanceMetrics: l.InstanceMetrics}
	}
	if l := m.Lifecycle; l != nil {
		f.Lifecycle = &providers.Lifecycle{InitializerTimeout: int(l.InitializerTimeout), PreStopTimeout: int(l.PreStopTimeout)}
	}
	if m.Provisioned != nil {
		v := int(*m.Provisioned)
		f.Provisioned = &v
	}
	if a := m.SessionAffinity; a != nil {
		f.SessionAffinity = &providers.SessionAffinity{Type: a.Type, Header: a.Header,
			SessionsPerInstance: int(a.SessionsPerInstance), SessionTTL: int(a.SessionTtl),
			SessionIdleTimeout: int(a.SessionIdleTimeout), DisableSessionIDReuse: a.DisableSessionIdReuse}
	}
	if h := m.HealthCheck; h != nil {
		f.HealthCheck = &providers.HealthCheck{HTTPGetURL: h.HttpGetUrl, InitialDelaySeconds: int(h.InitialDelaySeconds),
			PeriodSeconds: int(h.PeriodSeconds), TimeoutSeconds: int(h.TimeoutSeconds),
			FailureThreshold: int(h.FailureThreshold), SuccessThreshold: int(h.SuccessThreshold)}
	}
	if c := m.Container; c != nil {
		f.Container = &providers.Container{Image: c.Image, Entrypoint: c.Entrypoint, Command: c.Command}
	}
	if m.MaxInstances != nil {
		v := int(*m.MaxInstances)
		f.MaxInstances = &v
	}
	for _, t := range m.Triggers {
		f.Triggers = append(f.Triggers, ToTrigger(t))
	}
	return f
}

// FromTrigger is t as a message.
func FromTrigger(t *providers.HTTPTrigger) *HTTPTrigger {
	if t == nil {
		return nil
	}
	return &HTTPTrigger{Name: t.Name, Description: t.Description, Methods: t.Methods, AuthType: t.AuthType,
		DisableUrlInternet: t.DisableURLInternet, UrlInternet: t.URLInternet, UrlIntranet: t.URLIntranet,
		LastModified: t.LastModified}
}

// ToTrigger is m as a providers.HTTPTrigger.
func ToTrigger(m *HTTPTrigger) *providers.HTTPTrigger {
	if m == nil {
		return nil
	}
	return &providers.HTTPTrigger{Name: m.Name, Description: m.Description, Methods: m.Methods, AuthType: m.AuthType,
		DisableURLInternet: m.DisableUrlInternet, URLInternet: m.UrlInternet, URLIntranet: m.UrlIntranet,
		LastModified: m.LastModified}
}

// FromCode is c as a message; nil stays nil. The message carries the zip
// whole, so a zip that c keeps in a file is read into memory here: the
// error is that read's.
func FromCode(c *providers.Code) (*Code, error) {
	if c == nil {
		return nil, nil
	}
	zip, err := c.Bytes()
	if err != nil {
		return nil, err
	}
	return &Code{Zip: zip, Checksum: c.Checksum}, nil
}

// ToCode is m as a providers.Code; nil stays nil. A message that names an
// upload (m.Upload) has no zip of its own: the plugin SDK resolves the
// upload to its file instead of calling this.
func ToCode(m *Code) *providers.Code {
	if m == nil {
		return nil
	}
	return &providers.Code{Zip: m.Zip, Checksum: m.Checksum}
}

// FromInfo is i as a message. PropagationDelay and InstanceLimit do not
// travel: the protocol has no fields for them.
func FromInfo(i providers.Info) *InfoResponse {
	m := &InfoResponse{Name: i.Name, Region: i.Region, AccountId: i.AccountID, Endpoint: i.Endpoint}
	if d := i.Domains; d != nil {
		m.Domains = &DomainEndpoint{Http: d.HTTP, Https: d.HTTPS, CaCertificate: d.CACertificate}
	}
	return m
}

// ToInfo is m as a providers.Info.
func ToInfo(m *InfoResponse) providers.Info {
	i := providers.Info{Name: m.GetName(), Region: m.GetRegion(), AccountID: m.GetAccountId(), Endpoint: m.GetEndpoint()}
	if d := m.GetDomains(); d != nil {
		i.Domains = &providers.DomainEndpoint{HTTP: d.Http, HTTPS: d.Https, CACertificate: d.CaCertificate}
	}
	return i
}
