package targets

import (
	"strings"
	"testing"
)

func TestSOAPPlainHTTPURL(t *testing.T) {
	const head = "targets:\n  - name: x\n    endpoint: http://h\n"
	ts, err := Parse("targets.yaml", []byte(head+"    soap_url: https://h:8443/soap\n    soap_plain_http_url: http://h:8080/soap\n"), envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := ts[0].SOAPPlainHTTPURL; got != "http://h:8080/soap" {
		t.Errorf("SOAPPlainHTTPURL = %q", got)
	}
	if len(ts[0].Warnings) != 0 {
		t.Errorf("unexpected warnings %q", ts[0].Warnings)
	}

	ts, err = Parse("targets.yaml", []byte(head), envOf(nil))
	if err != nil || ts[0].SOAPPlainHTTPURL != "" {
		t.Fatalf("absent field: %q, %v", ts[0].SOAPPlainHTTPURL, err)
	}

	ts, err = Parse("targets.yaml", []byte(head+"    soap_plain_http_url: http://h:8080/soap\n"), envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts[0].Warnings) != 1 || !strings.Contains(ts[0].Warnings[0], `field "soap_plain_http_url": has no effect without soap_url`) {
		t.Errorf("warnings %q", ts[0].Warnings)
	}

	for _, tc := range []struct{ value, problem string }{
		{"https://h/soap", "must be a plain http:// URL"},
		{"/soap", "absolute http or https URL"},
	} {
		_, err := Parse("targets.yaml", []byte(head+"    soap_url: https://h:8443/soap\n    soap_plain_http_url: "+tc.value+"\n"), envOf(nil))
		if err == nil || !strings.Contains(err.Error(), `field "soap_plain_http_url"`) || !strings.Contains(err.Error(), tc.problem) {
			t.Errorf("%s: error %v, want one naming the field and saying %q", tc.value, err, tc.problem)
		}
	}
}
