namespace ConsulSharp.Core.Errors;

/// <summary>
/// The kinds of expected failure a request can meet. The HTTP layer maps each to a status code in one place
/// (<c>ErrorMapping</c>), the DNS layer to an RCODE, the CLI to its message.
/// </summary>
public enum ConsulErrorKind
{
    /// <summary>400: the request is malformed (bad parameter, bad body, invalid key).</summary>
    BadRequest = 1,

    /// <summary>403: an ACL denied the request.</summary>
    PermissionDenied = 2,

    /// <summary>404: the named thing does not exist (text body).</summary>
    NotFound = 3,

    /// <summary>413: a value or request is too large.</summary>
    TooLarge = 4,

    /// <summary>500: no leader is known (<c>No cluster leader</c>).</summary>
    NoLeader = 5,

    /// <summary>500: server-side validation or other failures reported as Consul reports them.</summary>
    Internal = 6,

    /// <summary>429: rate limited.</summary>
    TooManyRequests = 7,

    /// <summary>401: a feature that is disabled (ACL support disabled).</summary>
    Unauthorized = 8,

    /// <summary>409: a conflict (transaction rolled back).</summary>
    Conflict = 9,
}
