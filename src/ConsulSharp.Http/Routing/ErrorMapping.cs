using ConsulSharp.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace ConsulSharp.Http.Routing;

/// <summary>The one place where expected failures become HTTP status codes. Bodies are plain text, as Consul's.</summary>
public static class ErrorMapping
{
    public static int StatusFor(ConsulErrorKind kind) => kind switch
    {
        ConsulErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        ConsulErrorKind.PermissionDenied => StatusCodes.Status403Forbidden,
        ConsulErrorKind.NotFound => StatusCodes.Status404NotFound,
        ConsulErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ConsulErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ConsulErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ConsulErrorKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status500InternalServerError,
    };
}
