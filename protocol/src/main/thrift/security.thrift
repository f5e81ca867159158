// The negotiation Apache Pegasus's clients may send first on a connection (SASL when authentication
// is on). Shapes and values follow Apache Pegasus's security service.
include "base.thrift"

namespace java dev.pegasus.protocol.thrift

enum negotiation_status
{
    INVALID,
    SASL_LIST_MECHANISMS,
    SASL_LIST_MECHANISMS_RESP,
    SASL_SELECT_MECHANISMS,
    SASL_SELECT_MECHANISMS_RESP,
    SASL_INITIATE,
    SASL_CHALLENGE,
    SASL_CHALLENGE_RESP,
    SASL_SUCC,
    SASL_AUTH_DISABLE,
    SASL_AUTH_FAIL
}

struct negotiation_request
{
    1:negotiation_status  status;
    2:base.blob           msg;
}

struct negotiation_response
{
    1:negotiation_status  status;
    2:base.blob           msg;
}
