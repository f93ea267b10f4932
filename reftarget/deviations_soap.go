package reftarget

// The deviations of the SOAP endpoint. Fault-shape deviations are checked in
// soapFault, the rest where the behaviour is decided.
const (
	devSOAPNoSuchKeyStatus200        = "soap-nosuchkey-status-200"
	devSOAPNoSuchKeyServerClass      = "soap-nosuchkey-server-class"
	devSOAPNoSuchKeyColonSeparator   = "soap-nosuchkey-colon-separator"
	devSOAPNoSuchKeyNoClass          = "soap-nosuchkey-no-class"
	devSOAPNoSuchKeyWrongNamespace   = "soap-nosuchkey-prefix-wrong-namespace"
	devSOAPNoSuchKeyUnboundPrefix    = "soap-nosuchkey-unbound-prefix"
	devSOAPNoSuchKeyEmptyFaultstring = "soap-nosuchkey-empty-faultstring"
	devSOAPNoSuchKeyNoDetail         = "soap-nosuchkey-no-detail"
	devSOAPNoSuchKeyDetailWrongKey   = "soap-nosuchkey-detail-wrong-key"
	devSOAPDeleteMissingKeySuccess   = "soap-delete-missing-key-success"
	devSOAPMalformedAsHTML           = "soap-malformed-as-html"
	devSOAPUnknownOperationServer    = "soap-unknown-operation-server-fault"
	devSOAPResponseUnwrapped         = "soap-response-unwrapped"
	devSOAPOverHTTP                  = "soap-over-http"
	devSOAPCapitalisedFaultElements  = "soap-capitalised-fault-elements"
	devSOAPEnvelopePrefixS           = "soap-envelope-prefix-s"

	devSOAPPartialAuthAnonymous         = "soap-partial-auth-anonymous"
	devSOAPInvalidAccessKeyNoDetail     = "soap-invalid-access-key-no-detail"
	devSOAPStringToSignWithoutTimestamp = "soap-string-to-sign-without-timestamp"
	devSOAPSignatureProvidedExpected    = "soap-signature-provided-expected"
	devSOAPInlineDataUnbounded          = "soap-inline-data-unbounded"
	devSOAPMissingAttachmentInvalid     = "soap-missing-attachment-invalid-request"
	devSOAPDeleteNoStatusCode           = "soap-delete-no-status-code"
	devSOAPDeleteObjectCode204          = "soap-delete-object-code-204"
)

// soapSuccessChecks are the success checks, which no code label selects.
var soapSuccessChecks = []string{
	"soap-create-bucket-success", "soap-delete-bucket-success", "soap-list-bucket-success",
	"soap-put-object-inline-success", "soap-put-object-success", "soap-get-object-success",
	"soap-get-object-extended-success", "soap-delete-object-success", "soap-copy-object-success",
	"soap-get-bucket-acp-success", "soap-set-bucket-acp-success", "soap-get-object-acp-success",
	"soap-set-object-acp-success", "soap-get-bucket-logging-status-success", "soap-set-bucket-logging-status-success",
}

func soapDeviations() []Deviation {
	return []Deviation{
		{devSOAPNoSuchKeyStatus200, "SOAP NoSuchKey faults are sent with HTTP 200 instead of 500.",
			fails("soap && NoSuchKey")},
		{devSOAPNoSuchKeyServerClass, "SOAP NoSuchKey faults carry the Server class: soapenv:Server.NoSuchKey.",
			fails("soap && NoSuchKey")},
		{devSOAPNoSuchKeyColonSeparator, "SOAP NoSuchKey faults carry faultcode Client:NoSuchKey (a colon, no envelope prefix).",
			fails("soap && NoSuchKey")},
		{devSOAPNoSuchKeyNoClass, "SOAP NoSuchKey faults carry faultcode soapenv:NoSuchKey, without the class.",
			fails("soap && NoSuchKey")},
		{devSOAPNoSuchKeyWrongNamespace, "SOAP NoSuchKey faultcodes use a prefix bound to the SOAP 1.2 envelope namespace.",
			fails("soap && NoSuchKey")},
		{devSOAPNoSuchKeyUnboundPrefix, "SOAP NoSuchKey faultcodes use a prefix no namespace declaration binds.",
			fails("soap && NoSuchKey")},
		{devSOAPNoSuchKeyEmptyFaultstring, "SOAP NoSuchKey faults have an empty faultstring.",
			fails("soap && NoSuchKey")},
		{devSOAPNoSuchKeyNoDetail, "SOAP NoSuchKey faults have no detail element.",
			fails("soap && NoSuchKey")},
		{devSOAPNoSuchKeyDetailWrongKey, `SOAP NoSuchKey faults name "bucket/key" in the detail's Key instead of the key.`,
			fails("soap && NoSuchKey")},
		{devSOAPDeleteMissingKeySuccess, "SOAP DeleteObject of a missing key succeeds (the SOAPDeleteObject page) instead of the guide's NoSuchKey fault.",
			fails("soap && DeleteObject && NoSuchKey")},
		{devSOAPMalformedAsHTML, "SOAP requests that are not a well-formed SOAP envelope are answered with an HTML 400 page.",
			failsIDs("soap-malformed-envelope", "soap-operation-without-envelope")},
		{devSOAPUnknownOperationServer, "Unknown SOAP operations are answered with a Server.NotImplemented fault.",
			fails("NoSuchOperation")},
		{devSOAPResponseUnwrapped, "SOAP success responses put the <Operation>Result element in the Body without its <Operation>Response wrapper.",
			failsIDs(soapSuccessChecks...)},
		{devSOAPOverHTTP, "SOAP requests over plain HTTP are served instead of refused with Client.InvalidRequest.",
			fails("soap && InvalidRequest")},
		{devSOAPCapitalisedFaultElements, "SOAP faults write Faultcode, Faultstring and Detail, as the S3 guide's example does (valid).",
			failsNothing()},
		{devSOAPEnvelopePrefixS, "SOAP responses bind the envelope namespace to the prefix S instead of soapenv (valid).",
			failsNothing()},
		{devSOAPPartialAuthAnonymous, "SOAP requests carrying some but not all of AWSAccessKeyId, Timestamp and Signature are served as anonymous instead of refused with MissingSecurityElement.",
			fails("soap && MissingSecurityElement")},
		{devSOAPInvalidAccessKeyNoDetail, "SOAP InvalidAccessKeyId faults have no AWSAccessKeyId in their detail.",
			fails("soap && InvalidAccessKeyId")},
		{devSOAPStringToSignWithoutTimestamp, `SOAP SignatureDoesNotMatch faults give "AmazonS3" + operation, without the Timestamp, as StringToSign.`,
			fails("soap && SignatureDoesNotMatch")},
		{devSOAPSignatureProvidedExpected, "SOAP SignatureDoesNotMatch faults carry, as SignatureProvided, the signature the server expected: a valid signature for the request.",
			fails("soap && SignatureDoesNotMatch")},
		{devSOAPInlineDataUnbounded, "SOAP PutObjectInline accepts Data of any size (over 1 MB too).",
			fails("InlineDataTooLarge")},
		{devSOAPMissingAttachmentInvalid, "SOAP PutObject without a DIME attachment is answered with Client.InvalidSOAPRequest instead of Client.MissingAttachment.",
			fails("MissingAttachment")},
		{devSOAPDeleteNoStatusCode, "SOAP DeleteObject and DeleteBucket successes have no Code in their nested Status.",
			failsIDs("soap-delete-object-success", "soap-delete-bucket-success")},
		{devSOAPDeleteObjectCode204, "SOAP DeleteObject successes carry Code 204 No Content, as the captured DeleteBucket success does (valid).",
			failsNothing()},
	}
}
