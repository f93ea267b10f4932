package harness

import (
	"strings"
	"testing"

	"github.com/beevik/etree"
)

func TestBucketConfigDocumentsAreWellFormed(t *testing.T) {
	for _, sub := range []string{SubCORS, SubLifecycle, SubTagging, SubWebsite, SubEncryption, SubObjectLock, SubOwnership, SubReplicate, SubLogging, SubNotify} {
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(BucketConfigDocument(sub, "bkt")); err != nil || doc.Root() == nil {
			t.Errorf("%s: %v", sub, err)
		}
	}
	if p := string(BucketConfigDocument(SubPolicy, "bkt")); !strings.Contains(p, `"arn:aws:s3:::bkt/`) {
		t.Errorf("policy %s", p)
	}
	if BucketConfigDocument(SubACL, "bkt") != nil {
		t.Error("acl has a document")
	}
	for _, b := range [][]byte{LoggingTo("logs"), OwnershipControls("ObjectWriter"), CreateBucketConfiguration("eu-west-1")} {
		if err := etree.NewDocument().ReadFromBytes(b); err != nil {
			t.Errorf("%s: %v", b, err)
		}
	}
	if ContentMD5([]byte("")) != "1B2M2Y8AsgTpgAmY7PhCfg==" {
		t.Error("ContentMD5")
	}
}
