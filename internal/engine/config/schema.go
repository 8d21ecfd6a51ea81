package config

import "github.com/hashicorp/hcl/v2"

// The block and attribute names of the language, in one place.

var fileSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "stack"}},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "function", LabelNames: []string{"name"}},
		{Type: "custom_domain", LabelNames: []string{"host"}},
		{Type: "output", LabelNames: []string{"name"}},
	},
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "type"}, {Name: "default"}, {Name: "description"}, {Name: "sensitive"}, {Name: "nullable"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "validation"}},
}

var validationSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "condition", Required: true}, {Name: "error_message", Required: true},
	},
}

var functionSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "name"}, {Name: "runtime"}, {Name: "code"}, {Name: "command"}, {Name: "args"},
		{Name: "port"}, {Name: "memory_size"}, {Name: "cpu"}, {Name: "disk_size"}, {Name: "timeout"},
		{Name: "instance_concurrency"}, {Name: "max_instances"}, {Name: "environment"},
		{Name: "description"}, {Name: "tags"}, {Name: "role"}, {Name: "internet_access"}, {Name: "layers"},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "http_trigger", LabelNames: []string{"name"}},
		{Type: "smoke"}, {Type: "health_check"}, {Type: "container"}, {Type: "build"},
		{Type: "vpc"}, {Type: "log"}, {Type: "lifecycle"}, {Type: "provisioned"},
		{Type: "session_affinity"},
	},
}

var vpcSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "vpc_id", Required: true}, {Name: "vswitch_ids", Required: true}, {Name: "security_group_id", Required: true},
	},
}

var logSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "project", Required: true}, {Name: "logstore", Required: true},
		{Name: "request_metrics"}, {Name: "instance_metrics"},
	},
}

var lifecycleSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "initializer_timeout"}, {Name: "pre_stop_timeout"}},
}

var provisionedSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "target", Required: true}},
}

var sessionAffinitySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "type", Required: true}, {Name: "header"}, {Name: "sessions_per_instance"},
		{Name: "session_ttl"}, {Name: "session_idle_timeout"}, {Name: "disable_session_id_reuse"},
	},
}

var triggerSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "methods"}, {Name: "auth_type"}, {Name: "disable_url_internet"}, {Name: "description"},
	},
}

var smokeSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "send"}, {Name: "expect"}, {Name: "timeout"}, {Name: "enabled"},
	},
}

var healthCheckSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "http_get_url", Required: true}, {Name: "initial_delay_seconds"}, {Name: "period_seconds"},
		{Name: "timeout_seconds"}, {Name: "failure_threshold"}, {Name: "success_threshold"},
	},
}

var containerSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "image", Required: true}, {Name: "entrypoint"}, {Name: "command"},
	},
}

var buildSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "command", Required: true}, {Name: "environment"},
	},
}

var domainSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "protocol"}, {Name: "certificate"}, {Name: "private_key"}, {Name: "tls_min_version"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "route"}},
}

var routeSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "path", Required: true}, {Name: "function", Required: true}, {Name: "methods"},
	},
}

var outputSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "value", Required: true}, {Name: "description"}, {Name: "sensitive"},
	},
}
