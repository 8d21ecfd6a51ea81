package fcspec

// OneHTTPTrigger is FC's rule on HTTP triggers, for the messages of both
// sides: "Only one HTTP trigger can be created for an HTTP function in each
// version or alias" (FC 3.0 user guide, HTTP triggers, limits). A second
// CreateTrigger of type http is refused; with which code is unconfirmed,
// and the local gateway answers 400 InvalidArgument.
const OneHTTPTrigger = "Function Compute allows one HTTP trigger per function (in each version or alias)"
