Console.WriteLine("Sfu");
