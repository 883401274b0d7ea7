namespace Cion.Core.Git;

/// <summary>The commit could not be checked out; the job ends in <c>error</c> with this message.</summary>
public sealed class CheckoutException(string message, Exception? inner = null) : Exception(message, inner);
